import { NulagesanalysContent } from '../../../../domain/task/content';
import { GOAL_STATUS_LABEL } from '../../format';
import { Checkboxes, Group, SelectField, TextField } from './fields';
import { councilGoalsOf, type FormContext, type FormKind, newKey } from './kind';
import {
  contentOf,
  type Draft,
  emptyDraft,
  fromContent,
  type GoalStatus,
  type ProposedGoal,
} from './nulagesanalys-model';

const factorsOf = (ctx: FormContext) => Object.values(ctx.municipality.steering.externalFactors);
const STATUS_OPTIONS = Object.entries(GOAL_STATUS_LABEL).map(([value, label]) => ({ value, label }));

export const nulagesanalysForm: FormKind<Draft> = {
  title: 'Nulägesanalys',
  intro:
    'Tre delar: verksamhetsbeskrivning, omvärldsanalys per omvärldsfaktor och nulägesanalys med måluppfyllelse och förslag till nämndmål.',
  submittedNotice: 'Nulägesanalysen är inlämnad.',
  schema: NulagesanalysContent,
  startsFromPrevious: true,
  empty: emptyDraft,
  fromContent: (content) => fromContent(content as Parameters<typeof fromContent>[0]),
  toContent: (draft, ctx) => ({
    content: contentOf(
      draft,
      factorsOf(ctx).map((f) => f.factorId),
      councilGoalsOf(ctx).map((g) => g.goalId),
    ),
    issues: [],
  }),
  Fields({ draft, update, ctx }) {
    const setFactor = (id: string, patch: Partial<Draft['factors'][string]>) =>
      update((d) => ({
        ...d,
        factors: {
          ...d.factors,
          [id]: { risks: '', opportunities: '', response: '', ...d.factors[id], ...patch },
        },
      }));
    const setProposed = (key: string, patch: Partial<ProposedGoal>) =>
      update((d) => ({ ...d, proposed: d.proposed.map((g) => (g.key === key ? { ...g, ...patch } : g)) }));
    const councilGoals = councilGoalsOf(ctx);
    return (
      <>
        <fieldset>
          <legend>1. Verksamhetsbeskrivning</legend>
          <TextField
            path={['verksamhetsbeskrivning', 'text']}
            label="Beskriv verksamhetens uppdrag och hur det utförs *"
            rows={4}
            value={draft.verksamhetsbeskrivning}
            onChange={(verksamhetsbeskrivning) => update((d) => ({ ...d, verksamhetsbeskrivning }))}
          />
        </fieldset>
        <Group
          path={['omvarldsanalys', 'factors']}
          legend="2. Omvärldsanalys"
          hint="Ange minst en risk eller möjlighet för varje omvärldsfaktor, en per rad."
        >
          {factorsOf(ctx).map((f, i) => {
            const value = draft.factors[f.factorId] ?? { risks: '', opportunities: '', response: '' };
            const p = ['omvarldsanalys', 'factors', i];
            return (
              <Group key={f.factorId} path={p} legend={f.title} hint={f.description} className="factor">
                <div className="cols">
                  <TextField
                    path={[...p, 'risks']}
                    label="Risker"
                    rows={3}
                    value={value.risks}
                    onChange={(risks) => setFactor(f.factorId, { risks })}
                  />
                  <TextField
                    path={[...p, 'opportunities']}
                    label="Möjligheter"
                    rows={3}
                    value={value.opportunities}
                    onChange={(opportunities) => setFactor(f.factorId, { opportunities })}
                  />
                </div>
                <TextField
                  path={[...p, 'response']}
                  label="Hur organet möter faktorn"
                  value={value.response}
                  onChange={(response) => setFactor(f.factorId, { response })}
                />
              </Group>
            );
          })}
        </Group>
        <fieldset>
          <legend>3. Nulägesanalys</legend>
          <Group path={['nulagesanalys', 'goalFulfilment']} legend="Måluppfyllelse per riktningsmål *">
            {councilGoals.map((g) => {
              const value = draft.goals[g.goalId] ?? { status: '', comment: '' };
              const set = (patch: Partial<typeof value>) =>
                update((d) => ({ ...d, goals: { ...d.goals, [g.goalId]: { ...value, ...patch } } }));
              return (
                <div key={g.goalId} className="goal-row">
                  <SelectField
                    path={['goal', g.goalId, 'status']}
                    label={g.title}
                    placeholder="Inte angivet"
                    options={STATUS_OPTIONS}
                    value={value.status}
                    onChange={(status) => set({ status: status as GoalStatus | '' })}
                  />
                  <TextField
                    path={['goal', g.goalId, 'comment']}
                    label="Kommentar"
                    value={value.comment}
                    onChange={(comment) => set({ comment })}
                  />
                </div>
              );
            })}
          </Group>
          <Group
            path={['nulagesanalys', 'proposedOrganGoals']}
            legend="Förslag till nämndmål"
            hint="Varje nämndmål ska kopplas till minst ett riktningsmål."
          >
            {draft.proposed.length === 0 && <p className="muted">Inga förslag ännu.</p>}
            {draft.proposed.map((g, i) => {
              const p = ['nulagesanalys', 'proposedOrganGoals', i];
              return (
                <fieldset key={g.key} className="proposed item">
                  <legend>Nämndmål {i + 1}</legend>
                  <TextField
                    path={[...p, 'title']}
                    label="Rubrik *"
                    value={g.title}
                    onChange={(title) => setProposed(g.key, { title })}
                  />
                  <TextField
                    path={[...p, 'description']}
                    label="Beskrivning"
                    rows={2}
                    value={g.description}
                    onChange={(description) => setProposed(g.key, { description })}
                  />
                  <Checkboxes
                    path={[...p, 'councilGoalIds']}
                    legend="Kopplas till riktningsmål *"
                    options={councilGoals.map((cg) => ({ value: cg.goalId, label: cg.title }))}
                    selected={g.councilGoalIds}
                    onChange={(councilGoalIds) => setProposed(g.key, { councilGoalIds })}
                  />
                  <button
                    type="button"
                    onClick={() =>
                      update((d) => ({ ...d, proposed: d.proposed.filter((x) => x.key !== g.key) }))
                    }
                  >
                    Ta bort nämndmål {i + 1}
                  </button>
                </fieldset>
              );
            })}
            <button
              type="button"
              onClick={() =>
                update((d) => ({
                  ...d,
                  proposed: [
                    ...d.proposed,
                    { key: newKey(), title: '', description: '', councilGoalIds: [] },
                  ],
                }))
              }
            >
              Lägg till nämndmål
            </button>
          </Group>
          <TextField
            path={['nulagesanalys', 'conclusions']}
            label="Slutsatser och föreslagna åtgärder"
            rows={3}
            value={draft.conclusions}
            onChange={(conclusions) => update((d) => ({ ...d, conclusions }))}
          />
        </fieldset>
      </>
    );
  },
};
