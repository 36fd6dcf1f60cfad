import { TillitsdialogContent } from '../../../../domain/task/content';
import { DIALOGUE_KIND_LABEL } from '../../format';
import { Conversion } from './convert';
import { DateField, Group, Radios, SelectField, TextField } from './fields';
import { type FormContext, type FormKind, newKey } from './kind';

/** The record of a tillitsdialog: kind, date, participants, what was agreed, proposals. */
interface Participant {
  key: string;
  name: string;
  role: string;
  organId: string;
  departmentId: string;
}
interface Proposal {
  key: string;
  type: string;
  description: string;
}
interface Draft {
  kind: string;
  date: string;
  participants: Participant[];
  agreements: string;
  proposals: Proposal[];
}

const PROPOSAL_TYPE = [
  { value: 'new_assignment', label: 'Nytt uppdrag' },
  { value: 'changed_conditions', label: 'Ändrade förutsättningar' },
];
const blankParticipant = (): Participant => ({
  key: newKey(),
  name: '',
  role: '',
  organId: '',
  departmentId: '',
});

const organOptions = (ctx: FormContext) =>
  Object.values(ctx.municipality.organs)
    .map((o) => ({ value: o.organId, label: o.name }))
    .sort((a, b) => a.label.localeCompare(b.label, 'sv'));
const departmentOptions = (ctx: FormContext) =>
  Object.values(ctx.municipality.departments ?? {})
    .map((d) => ({ value: d.departmentId, label: d.name }))
    .sort((a, b) => a.label.localeCompare(b.label, 'sv'));

export const tillitsdialogForm: FormKind<Draft> = {
  title: 'Tillitsdialog',
  intro:
    'Protokoll från tillitsdialogen: vilka som deltog, vad ni kom överens om och vilka förslag som kom upp.',
  submittedNotice: 'Tillitsdialogen är inlämnad.',
  schema: TillitsdialogContent,
  empty: () => ({
    kind: '',
    date: '',
    participants: [blankParticipant(), blankParticipant()],
    agreements: '',
    proposals: [],
  }),
  fromContent(content) {
    const c = content as Partial<TillitsdialogContent>;
    return {
      kind: c.kind ?? '',
      date: c.date ?? '',
      participants: (c.participants ?? []).map((p) => ({
        key: newKey(),
        name: p.name,
        role: p.role ?? '',
        organId: p.organId ?? '',
        departmentId: p.departmentId ?? '',
      })),
      agreements: (c.agreements ?? []).join('\n'),
      proposals: (c.proposals ?? []).map((p) => ({
        key: newKey(),
        type: p.type,
        description: p.description,
      })),
    };
  },
  toContent(draft) {
    const convert = new Conversion();
    return {
      content: {
        kind: draft.kind || undefined,
        date: convert.date(draft.date),
        participants: draft.participants.map((p) => ({
          name: p.name,
          role: p.role.trim(),
          organId: p.organId || null,
          departmentId: p.departmentId || null,
        })),
        agreements: convert.lines(draft.agreements),
        proposals: draft.proposals.map((p) => ({ type: p.type || undefined, description: p.description })),
      },
      issues: convert.issues,
    };
  },
  Fields({ draft, update, ctx }) {
    const setParticipant = (key: string, patch: Partial<Participant>) =>
      update((d) => ({
        ...d,
        participants: d.participants.map((p) => (p.key === key ? { ...p, ...patch } : p)),
      }));
    const setProposal = (key: string, patch: Partial<Proposal>) =>
      update((d) => ({ ...d, proposals: d.proposals.map((p) => (p.key === key ? { ...p, ...patch } : p)) }));
    return (
      <>
        <Radios
          path={['kind']}
          legend="Vilken sorts dialog var det? *"
          options={Object.entries(DIALOGUE_KIND_LABEL).map(([value, label]) => ({ value, label }))}
          value={draft.kind}
          onChange={(kind) => update((d) => ({ ...d, kind }))}
        />
        <DateField
          path={['date']}
          label="Datum för dialogen *"
          value={draft.date}
          onChange={(date) => update((d) => ({ ...d, date }))}
        />
        <Group
          path={['participants']}
          legend="Deltagare *"
          hint="Minst två. I en dialog mellan sektorer: ange sektor för deltagarna."
        >
          {draft.participants.map((p, i) => (
            <fieldset key={p.key} className="item">
              <legend>Deltagare {i + 1}</legend>
              <div className="cols">
                <TextField
                  path={['participants', i, 'name']}
                  label="Namn *"
                  value={p.name}
                  onChange={(name) => setParticipant(p.key, { name })}
                />
                <TextField
                  path={['participants', i, 'role']}
                  label="Roll"
                  hint="T.ex. ordförande eller förvaltningschef."
                  value={p.role}
                  onChange={(role) => setParticipant(p.key, { role })}
                />
                <SelectField
                  path={['participants', i, 'organId']}
                  label="Organ"
                  placeholder="Inget organ"
                  options={organOptions(ctx)}
                  value={p.organId}
                  onChange={(organId) => setParticipant(p.key, { organId })}
                />
                <SelectField
                  path={['participants', i, 'departmentId']}
                  label="Sektor"
                  placeholder="Ingen sektor"
                  options={departmentOptions(ctx)}
                  value={p.departmentId}
                  onChange={(departmentId) => setParticipant(p.key, { departmentId })}
                />
              </div>
              <button
                type="button"
                onClick={() =>
                  update((d) => ({ ...d, participants: d.participants.filter((x) => x.key !== p.key) }))
                }
              >
                Ta bort deltagare {i + 1}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() => update((d) => ({ ...d, participants: [...d.participants, blankParticipant()] }))}
          >
            Lägg till deltagare
          </button>
        </Group>
        <TextField
          path={['agreements']}
          label="Vad kom ni överens om?"
          hint="En överenskommelse per rad."
          rows={4}
          value={draft.agreements}
          onChange={(agreements) => update((d) => ({ ...d, agreements }))}
        />
        <Group
          path={['proposals']}
          legend="Förslag"
          hint="Förslag till nya uppdrag eller ändrade förutsättningar."
        >
          {draft.proposals.length === 0 && <p className="muted">Inga förslag ännu.</p>}
          {draft.proposals.map((p, i) => (
            <fieldset key={p.key} className="item">
              <legend>Förslag {i + 1}</legend>
              <SelectField
                path={['proposals', i, 'type']}
                label="Typ av förslag *"
                options={PROPOSAL_TYPE}
                value={p.type}
                onChange={(type) => setProposal(p.key, { type })}
              />
              <TextField
                path={['proposals', i, 'description']}
                label="Beskrivning *"
                rows={2}
                value={p.description}
                onChange={(description) => setProposal(p.key, { description })}
              />
              <button
                type="button"
                onClick={() =>
                  update((d) => ({ ...d, proposals: d.proposals.filter((x) => x.key !== p.key) }))
                }
              >
                Ta bort förslag {i + 1}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() =>
              update((d) => ({
                ...d,
                proposals: [...d.proposals, { key: newKey(), type: '', description: '' }],
              }))
            }
          >
            Lägg till förslag
          </button>
        </Group>
      </>
    );
  },
};
