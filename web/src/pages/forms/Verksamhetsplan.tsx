import { VerksamhetsplanContent } from '../../../../domain/task/content';
import { AGENDA_2030 } from '../../agenda2030';
import { Checkboxes, DateField, Group, MoneyField, TextField } from './fields';
import { councilGoalsOf, type FormContext, type FormKind, newKey, type Update } from './kind';
import {
  blankActivity,
  blankGoal,
  blankIndicator,
  type GoalDraft,
  type PlanDraft,
  planFromContent,
  planToContent,
} from './verksamhetsplan-model';

function GoalFields({
  goal,
  index,
  update,
  ctx,
}: {
  goal: GoalDraft;
  index: number;
  update: Update<PlanDraft>;
  ctx: FormContext;
}) {
  const p = ['organGoals', index] as const;
  const set = (patch: Partial<GoalDraft>) =>
    update((d) => ({
      ...d,
      organGoals: d.organGoals.map((g) => (g.key === goal.key ? { ...g, ...patch } : g)),
    }));
  const n = index + 1;
  return (
    <fieldset className="item">
      <legend>Nämndmål {n}</legend>
      <TextField
        path={[...p, 'title']}
        label="Rubrik *"
        value={goal.title}
        onChange={(title) => set({ title })}
      />
      <TextField
        path={[...p, 'description']}
        label="Beskrivning"
        rows={2}
        value={goal.description}
        onChange={(description) => set({ description })}
      />
      <Checkboxes
        path={[...p, 'councilGoalIds']}
        legend="Vilka riktningsmål bidrar nämndmålet till? *"
        hint="Välj minst ett."
        options={councilGoalsOf(ctx).map((g) => ({ value: g.goalId, label: g.title }))}
        selected={goal.councilGoalIds}
        onChange={(councilGoalIds) => set({ councilGoalIds })}
      />
      <Checkboxes
        path={[...p, 'agenda2030Goals']}
        legend="Agenda 2030-mål"
        hint="De globala mål som nämndmålet bidrar till."
        options={AGENDA_2030}
        selected={goal.agenda2030Goals}
        onChange={(agenda2030Goals) => set({ agenda2030Goals })}
        columns
      />
      <Group path={[...p, 'indicators']} legend={`Indikatorer för nämndmål ${n}`}>
        {goal.indicators.map((ind, i) => {
          const ip = [...p, 'indicators', i];
          const setInd = (patch: Partial<typeof ind>) =>
            set({ indicators: goal.indicators.map((x) => (x.key === ind.key ? { ...x, ...patch } : x)) });
          return (
            <fieldset key={ind.key} className="item">
              <legend>
                Indikator {i + 1} för nämndmål {n}
              </legend>
              <TextField
                path={[...ip, 'name']}
                label="Namn *"
                value={ind.name}
                onChange={(name) => setInd({ name })}
              />
              <div className="cols">
                <TextField
                  path={[...ip, 'unit']}
                  label="Enhet *"
                  hint="T.ex. procent, antal eller index."
                  value={ind.unit}
                  onChange={(unit) => setInd({ unit })}
                />
                <TextField
                  path={[...ip, 'target']}
                  label="Målvärde *"
                  hint="Ett tal, t.ex. 85 eller 12,5."
                  inputMode="decimal"
                  value={ind.target}
                  onChange={(target) => setInd({ target })}
                />
                <TextField
                  path={[...ip, 'baseline']}
                  label="Utgångsvärde"
                  hint="Värdet i dag, om det är känt."
                  inputMode="decimal"
                  value={ind.baseline}
                  onChange={(baseline) => setInd({ baseline })}
                />
              </div>
              <div className="cols">
                <DateField
                  path={[...ip, 'period', 'from']}
                  label="Periodens första dag *"
                  value={ind.from}
                  onChange={(from) => setInd({ from })}
                />
                <DateField
                  path={[...ip, 'period', 'to']}
                  label="Periodens sista dag *"
                  value={ind.to}
                  onChange={(to) => setInd({ to })}
                />
              </div>
              <button
                type="button"
                onClick={() => set({ indicators: goal.indicators.filter((x) => x.key !== ind.key) })}
              >
                Ta bort indikator {i + 1} för nämndmål {n}
              </button>
            </fieldset>
          );
        })}
        <button type="button" onClick={() => set({ indicators: [...goal.indicators, blankIndicator(ctx)] })}>
          Lägg till indikator för nämndmål {n}
        </button>
      </Group>
      <Group path={[...p, 'activities']} legend={`Aktiviteter för nämndmål ${n}`}>
        {goal.activities.map((a, i) => {
          const ap = [...p, 'activities', i];
          const setAct = (patch: Partial<typeof a>) =>
            set({ activities: goal.activities.map((x) => (x.key === a.key ? { ...x, ...patch } : x)) });
          return (
            <fieldset key={a.key} className="item">
              <legend>
                Aktivitet {i + 1} för nämndmål {n}
              </legend>
              <TextField
                path={[...ap, 'title']}
                label="Aktivitet *"
                value={a.title}
                onChange={(title) => setAct({ title })}
              />
              <DateField
                path={[...ap, 'dueDate']}
                label="Klart senast"
                value={a.dueDate}
                onChange={(dueDate) => setAct({ dueDate })}
              />
              <button
                type="button"
                onClick={() => set({ activities: goal.activities.filter((x) => x.key !== a.key) })}
              >
                Ta bort aktivitet {i + 1} för nämndmål {n}
              </button>
            </fieldset>
          );
        })}
        <button type="button" onClick={() => set({ activities: [...goal.activities, blankActivity(ctx)] })}>
          Lägg till aktivitet för nämndmål {n}
        </button>
      </Group>
      <button
        type="button"
        onClick={() => update((d) => ({ ...d, organGoals: d.organGoals.filter((g) => g.key !== goal.key) }))}
      >
        Ta bort nämndmål {n}
      </button>
    </fieldset>
  );
}

export const verksamhetsplanForm: FormKind<PlanDraft> = {
  title: 'Verksamhetsplan',
  intro:
    'Nämndmål kopplade till kommunfullmäktiges riktningsmål, med indikatorer och aktiviteter, och internbudgeten inom ramen.',
  submittedNotice: 'Verksamhetsplanen är inlämnad.',
  schema: VerksamhetsplanContent,
  startsFromPrevious: true,
  empty: (ctx) => ({ organGoals: [blankGoal(ctx)], internalBudget: [] }),
  fromContent: (content, ctx, fromYear) => planFromContent(content, ctx, fromYear),
  toContent: (draft) => planToContent(draft),
  Fields({ draft, update, ctx }) {
    return (
      <>
        <Group
          path={['organGoals']}
          legend="Nämndmål *"
          hint="Minst ett nämndmål, vart och ett kopplat till minst ett riktningsmål."
        >
          {draft.organGoals.map((g, i) => (
            <GoalFields key={g.key} goal={g} index={i} update={update} ctx={ctx} />
          ))}
          <button
            type="button"
            onClick={() => update((d) => ({ ...d, organGoals: [...d.organGoals, blankGoal(ctx)] }))}
          >
            Lägg till nämndmål
          </button>
        </Group>
        <Group
          path={['internalBudget']}
          legend="Internbudget"
          hint="Budgetposter inom nämndens ram, i kronor."
        >
          {draft.internalBudget.map((l, i) => {
            const setLine = (patch: Partial<typeof l>) =>
              update((d) => ({
                ...d,
                internalBudget: d.internalBudget.map((x) => (x.key === l.key ? { ...x, ...patch } : x)),
              }));
            return (
              <fieldset key={l.key} className="item">
                <legend>Budgetpost {i + 1}</legend>
                <div className="cols">
                  <TextField
                    path={['internalBudget', i, 'label']}
                    label="Benämning *"
                    value={l.label}
                    onChange={(label) => setLine({ label })}
                  />
                  <MoneyField
                    path={['internalBudget', i, 'amountOre']}
                    label="Belopp *"
                    value={l.amount}
                    onChange={(amount) => setLine({ amount })}
                  />
                </div>
                <button
                  type="button"
                  onClick={() =>
                    update((d) => ({ ...d, internalBudget: d.internalBudget.filter((x) => x.key !== l.key) }))
                  }
                >
                  Ta bort budgetpost {i + 1}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            onClick={() =>
              update((d) => ({
                ...d,
                internalBudget: [...d.internalBudget, { key: newKey(), label: '', amount: '' }],
              }))
            }
          >
            Lägg till budgetpost
          </button>
        </Group>
      </>
    );
  },
};
