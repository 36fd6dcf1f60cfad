import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { z } from 'zod';
import { NulagesanalysContent } from '../../../domain/task/content';
import { ApiProblem, api, type Issue, m } from '../api';
import { formatDateTime, GOAL_STATUS_LABEL } from '../format';
import { messageOf, useApp } from '../lib';
import {
  contentOf,
  type Draft,
  draftKey,
  emptyDraft,
  fromContent,
  type GoalStatus,
  type ProposedGoal,
} from './nulagesanalys/draft';
import { FieldError, type FormError, fieldOf, whereOf } from './nulagesanalys/errors';
import type { TaskDetails } from './Task';

z.config(z.locales.sv());

export function NulagesanalysForm({
  task,
  onSubmitted,
}: {
  task: TaskDetails;
  onSubmitted(t: TaskDetails): void;
}) {
  const { session, municipality } = useApp();
  const factors = Object.values(municipality?.steering.externalFactors ?? {});
  const councilGoals = Object.values(municipality?.steering.councilGoals ?? {});
  const factorIds = factors.map((f) => f.factorId);
  const factorTitles = factors.map((f) => f.title);
  const councilGoalIds = councilGoals.map((g) => g.goalId);
  const formId = useId().replace(/:/g, '');
  const summaryRef = useRef<HTMLDivElement>(null);

  const [draft, setDraft] = useState<Draft>(() => {
    const stored = localStorage.getItem(draftKey(task.taskId));
    if (stored) {
      try {
        return JSON.parse(stored) as Draft;
      } catch {
        /* a broken draft: start over */
      }
    }
    const last = task.submission?.submission;
    return last?.kind === 'nulagesanalys'
      ? fromContent(last.content as z.input<typeof NulagesanalysContent>)
      : emptyDraft();
  });
  const [errors, setErrors] = useState<FormError[]>([]);
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (errors.length || serverMessage) summaryRef.current?.focus();
  }, [errors, serverMessage]);

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setFactor = (id: string, patch: Partial<Draft['factors'][string]>) =>
    setDraft((d) => ({
      ...d,
      factors: {
        ...d.factors,
        [id]: { risks: '', opportunities: '', response: '', ...d.factors[id], ...patch },
      },
    }));
  const setGoal = (id: string, patch: Partial<Draft['goals'][string]>) =>
    setDraft((d) => ({
      ...d,
      goals: { ...d.goals, [id]: { status: '', comment: '', ...d.goals[id], ...patch } },
    }));
  const setProposed = (key: string, patch: Partial<ProposedGoal>) =>
    setDraft((d) => ({ ...d, proposed: d.proposed.map((g) => (g.key === key ? { ...g, ...patch } : g)) }));

  function showIssues(issues: Issue[] | z.core.$ZodIssue[]) {
    const seen = new Set<string>();
    const list: FormError[] = [];
    for (const issue of issues) {
      const path = issue.path.map(String);
      const field = fieldOf(path, factorIds, formId);
      const key = `${field}|${issue.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      list.push({ field, message: issue.message, where: whereOf(path, factorTitles) });
    }
    setErrors(list);
  }

  function saveDraft() {
    const savedAt = new Date().toISOString();
    localStorage.setItem(draftKey(task.taskId), JSON.stringify({ ...draft, savedAt }));
    setSaved(`Utkastet sparades ${formatDateTime(savedAt)} (i den här webbläsaren).`);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setServerMessage(null);
    setSaved(null);
    const body = contentOf(draft, factorIds, councilGoalIds);
    const parsed = NulagesanalysContent.safeParse(body);
    if (!parsed.success) {
      showIssues(parsed.error.issues);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const next = await api<TaskDetails>(
        'POST',
        m(session, `/tasks/${encodeURIComponent(task.taskId)}/submission`),
        {
          token: session.token,
          body: { content: body },
        },
      );
      localStorage.removeItem(draftKey(task.taskId));
      onSubmitted(next);
    } catch (e) {
      if (e instanceof ApiProblem && e.issues.length > 0) showIssues(e.issues);
      setServerMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) => errors.filter((e) => e.field === field);
  const describe = (field: string, hint?: string) => {
    const ids = [hint, errorFor(field).length ? `${field}-err` : undefined].filter(Boolean);
    return ids.length ? ids.join(' ') : undefined;
  };

  return (
    <form onSubmit={submit} noValidate className="analysis" aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>Nulägesanalys {task.revision > 0 ? '(komplettering)' : ''}</h2>
      <p>
        Tre delar: verksamhetsbeskrivning, omvärldsanalys per omvärldsfaktor och nulägesanalys med
        måluppfyllelse och förslag till nämndmål. Fält markerade med * är obligatoriska.
      </p>
      <div
        ref={summaryRef}
        tabIndex={-1}
        id={`${formId}-summary`}
        className={errors.length || serverMessage ? 'error-summary' : 'visually-hidden'}
        role="alert"
      >
        {(errors.length > 0 || serverMessage) && (
          <>
            <h3>{serverMessage ?? 'Formuläret behöver kompletteras'}</h3>
            <ul>
              {errors.map((e) => (
                <li key={`${e.field}|${e.message}`}>
                  <a
                    href={`#${e.field}`}
                    onClick={(ev) => {
                      ev.preventDefault();
                      document.getElementById(e.field)?.focus();
                    }}
                  >
                    {e.where}: {e.message}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      <fieldset>
        <legend>1. Verksamhetsbeskrivning</legend>
        <div className="field">
          <label htmlFor={`${formId}-vb`}>Beskriv verksamhetens uppdrag och hur det utförs *</label>
          <textarea
            id={`${formId}-vb`}
            rows={4}
            value={draft.verksamhetsbeskrivning}
            onChange={(e) => set({ verksamhetsbeskrivning: e.target.value })}
            aria-invalid={errorFor(`${formId}-vb`).length ? true : undefined}
            aria-describedby={describe(`${formId}-vb`)}
          />
          <FieldError field={`${formId}-vb`} errors={errors} />
        </div>
      </fieldset>

      <fieldset id={`${formId}-omv`} tabIndex={-1}>
        <legend>2. Omvärldsanalys</legend>
        <p id={`${formId}-omv-hint`} className="hint">
          Ange minst en risk eller möjlighet för varje omvärldsfaktor, en per rad.
        </p>
        <FieldError field={`${formId}-omv`} errors={errors} />
        {factors.map((f) => {
          const base = `${formId}-f-${f.factorId}`;
          const value = draft.factors[f.factorId] ?? { risks: '', opportunities: '', response: '' };
          return (
            <fieldset key={f.factorId} className="factor">
              <legend>{f.title}</legend>
              <p className="muted">{f.description}</p>
              <div className="cols">
                <div className="field">
                  <label htmlFor={`${base}-risks`}>Risker</label>
                  <textarea
                    id={`${base}-risks`}
                    rows={3}
                    value={value.risks}
                    onChange={(e) => setFactor(f.factorId, { risks: e.target.value })}
                    aria-invalid={errorFor(`${base}-risks`).length ? true : undefined}
                    aria-describedby={describe(`${base}-risks`, `${formId}-omv-hint`)}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${base}-opps`}>Möjligheter</label>
                  <textarea
                    id={`${base}-opps`}
                    rows={3}
                    value={value.opportunities}
                    onChange={(e) => setFactor(f.factorId, { opportunities: e.target.value })}
                    aria-describedby={`${formId}-omv-hint`}
                  />
                </div>
              </div>
              <FieldError field={`${base}-risks`} errors={errors} />
              <div className="field">
                <label htmlFor={`${base}-resp`}>Hur organet möter faktorn</label>
                <input
                  id={`${base}-resp`}
                  type="text"
                  value={value.response}
                  onChange={(e) => setFactor(f.factorId, { response: e.target.value })}
                />
              </div>
            </fieldset>
          );
        })}
      </fieldset>

      <fieldset>
        <legend>3. Nulägesanalys</legend>
        <fieldset id={`${formId}-goals`} tabIndex={-1} aria-describedby={describe(`${formId}-goals`)}>
          <legend>Måluppfyllelse per riktningsmål *</legend>
          <FieldError field={`${formId}-goals`} errors={errors} />
          {councilGoals.map((g) => {
            const base = `${formId}-g-${g.goalId}`;
            const value = draft.goals[g.goalId] ?? { status: '', comment: '' };
            return (
              <div key={g.goalId} className="goal-row">
                <div className="field">
                  <label htmlFor={`${base}-status`}>{g.title}</label>
                  <select
                    id={`${base}-status`}
                    value={value.status}
                    onChange={(e) => setGoal(g.goalId, { status: e.target.value as GoalStatus | '' })}
                  >
                    <option value="">Inte angivet</option>
                    {Object.entries(GOAL_STATUS_LABEL).map(([k, label]) => (
                      <option key={k} value={k}>
                        {label}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${base}-comment`}>Kommentar</label>
                  <input
                    id={`${base}-comment`}
                    type="text"
                    value={value.comment}
                    onChange={(e) => setGoal(g.goalId, { comment: e.target.value })}
                  />
                </div>
              </div>
            );
          })}
        </fieldset>

        <fieldset>
          <legend>Förslag till nämndmål</legend>
          <p className="hint">Varje nämndmål ska kopplas till minst ett riktningsmål.</p>
          {draft.proposed.length === 0 && <p className="muted">Inga förslag ännu.</p>}
          {draft.proposed.map((g, i) => {
            const base = `${formId}-p${i}`;
            return (
              <fieldset key={g.key} className="proposed">
                <legend>Nämndmål {i + 1}</legend>
                <div className="field">
                  <label htmlFor={`${base}-title`}>Rubrik *</label>
                  <input
                    id={`${base}-title`}
                    type="text"
                    value={g.title}
                    onChange={(e) => setProposed(g.key, { title: e.target.value })}
                    aria-invalid={errorFor(`${base}-title`).length ? true : undefined}
                    aria-describedby={describe(`${base}-title`)}
                  />
                  <FieldError field={`${base}-title`} errors={errors} />
                </div>
                <div className="field">
                  <label htmlFor={`${base}-desc`}>Beskrivning</label>
                  <textarea
                    id={`${base}-desc`}
                    rows={2}
                    value={g.description}
                    onChange={(e) => setProposed(g.key, { description: e.target.value })}
                  />
                </div>
                <fieldset id={`${base}-links`} tabIndex={-1} aria-describedby={describe(`${base}-links`)}>
                  <legend>Kopplas till riktningsmål *</legend>
                  {councilGoals.map((cg) => (
                    <label key={cg.goalId} className="check">
                      <input
                        type="checkbox"
                        checked={g.councilGoalIds.includes(cg.goalId)}
                        onChange={(e) =>
                          setProposed(g.key, {
                            councilGoalIds: e.target.checked
                              ? [...g.councilGoalIds, cg.goalId]
                              : g.councilGoalIds.filter((x) => x !== cg.goalId),
                          })
                        }
                      />
                      {cg.title}
                    </label>
                  ))}
                  <FieldError field={`${base}-links`} errors={errors} />
                </fieldset>
                <button
                  type="button"
                  onClick={() => set({ proposed: draft.proposed.filter((x) => x.key !== g.key) })}
                >
                  Ta bort nämndmål {i + 1}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            onClick={() =>
              set({
                proposed: [
                  ...draft.proposed,
                  { key: `g${Date.now()}`, title: '', description: '', councilGoalIds: [] },
                ],
              })
            }
          >
            Lägg till nämndmål
          </button>
        </fieldset>

        <div className="field">
          <label htmlFor={`${formId}-concl`}>Slutsatser och föreslagna åtgärder</label>
          <textarea
            id={`${formId}-concl`}
            rows={3}
            value={draft.conclusions}
            onChange={(e) => set({ conclusions: e.target.value })}
          />
        </div>
      </fieldset>

      <div className="actions">
        <button type="button" onClick={saveDraft}>
          Spara utkast
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Lämna in
        </button>
        <p role="status" aria-live="polite" className="muted">
          {saved ?? ''}
        </p>
      </div>
    </form>
  );
}
