import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiProblem, api, m } from '../../api';
import { formatDate, formatDateTime } from '../../format';
import { messageOf, useApp } from '../../lib';
import type { TaskDetails } from '../Task';
import { FieldsCtx } from './fields';
import { type FormError, type PathIssue, placeIssues } from './issues';
import type { FormContext, FormKind, FormMunicipality } from './kind';
import { draftStatusText, useServerDraft } from './useServerDraft';

interface Basis {
  previous: { taskId: string; budgetYear: number; at: string; content: unknown } | null;
  source: 'own' | 'previous-cycle' | null;
  plan: { content: unknown } | null;
}

/** Loads what the form starts from (the previous submission, this year's plan), then shows it. */
export function TaskForm<D extends object>({
  task,
  form,
  onSubmitted,
}: {
  task: TaskDetails;
  form: FormKind<D>;
  onSubmitted(t: TaskDetails): void;
}) {
  const { session, municipality } = useApp();
  const [basis, setBasis] = useState<Basis | null>(null);
  useEffect(() => {
    let live = true;
    api<Basis>('GET', m(session, `/tasks/${encodeURIComponent(task.taskId)}/basis`), {
      token: session.token,
    }).then(
      (b) => live && setBasis(b),
      () => live && setBasis({ previous: null, source: null, plan: null }),
    );
    return () => {
      live = false;
    };
  }, [session, task.taskId]);
  if (!basis || !municipality) return <p aria-live="polite">Laddar formuläret …</p>;
  const ctx: FormContext = {
    task,
    municipality: municipality as FormMunicipality,
    plan: basis.plan?.content ?? null,
  };
  return <FormBody task={task} form={form} ctx={ctx} basis={basis} onSubmitted={onSubmitted} />;
}

function FormBody<D extends object>({
  task,
  form,
  ctx,
  basis,
  onSubmitted,
}: {
  task: TaskDetails;
  form: FormKind<D>;
  ctx: FormContext;
  basis: Basis;
  onSubmitted(t: TaskDetails): void;
}) {
  const { session } = useApp();
  const formId = `f${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  // A returned task starts from its own last submission; any other from an empty form.
  const { draft, status, update, replace, saveNow, takeNewer, keepMine } = useServerDraft<D>(
    task.taskId,
    () =>
      basis.source === 'own' && basis.previous
        ? form.fromContent(basis.previous.content, ctx, basis.previous.budgetYear)
        : form.empty(ctx),
  );
  const [errors, setErrors] = useState<FormError[]>([]);
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [shown, setShown] = useState(0);
  const [busy, setBusy] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (shown > 0) summaryRef.current?.focus();
  }, [shown]);

  if (!draft) return <p aria-live="polite">Hämtar utkastet …</p>;

  function show(issues: PathIssue[], message: string | null) {
    setErrors(placeIssues(formId, issues));
    setServerMessage(message);
    setShown((n) => n + 1);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const { content, issues } = form.toContent(draft, ctx);
    const parsed = form.schema.safeParse(content);
    const converted = new Set(issues.map((i) => i.path.join('.').replace(/Sek$/, 'Ore')));
    const schemaIssues = parsed.success
      ? []
      : parsed.error.issues.filter((i) => !converted.has(i.path.join('.').replace(/Sek$/, 'Ore')));
    if (issues.length + schemaIssues.length > 0) {
      show([...issues, ...schemaIssues], null);
      return;
    }
    setBusy(true);
    try {
      const next = await api<TaskDetails>(
        'POST',
        m(session, `/tasks/${encodeURIComponent(task.taskId)}/submission`),
        {
          token: session.token,
          body: { content },
        },
      );
      onSubmitted(next);
    } catch (e) {
      show(e instanceof ApiProblem ? e.issues : [], messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const lastReturn = task.status === 'returned' ? task.returns.at(-1) : undefined;
  const offerPrevious = form.startsFromPrevious && basis.source === 'previous-cycle' && basis.previous;
  const hasErrors = errors.length > 0 || serverMessage !== null;

  return (
    <div className={lastReturn ? 'form-layout with-aside' : 'form-layout'}>
      <form onSubmit={submit} noValidate className="task-form analysis" aria-labelledby={`${formId}-title`}>
        <h2 id={`${formId}-title`}>
          {form.title}
          {task.revision > 0 ? ' (komplettering)' : ''}
        </h2>
        <p>{form.intro} Fält markerade med * är obligatoriska.</p>
        <div
          ref={summaryRef}
          tabIndex={-1}
          id={`${formId}--summary`}
          className={hasErrors ? 'error-summary' : 'visually-hidden'}
          role="alert"
          aria-labelledby={hasErrors ? `${formId}--summary-h` : undefined}
        >
          {hasErrors && (
            <>
              <h3 id={`${formId}--summary-h`}>{serverMessage ?? 'Formuläret behöver kompletteras'}</h3>
              <ul>
                {errors.map((e) => (
                  <li key={`${e.field}|${e.message}`}>
                    <a
                      href={`#${e.field}`}
                      onClick={(ev) => {
                        ev.preventDefault();
                        const target = document.getElementById(e.field);
                        target?.scrollIntoView({ block: 'center' });
                        target?.focus();
                      }}
                    >
                      {e.where ? `${e.where}: ` : ''}
                      {e.message}
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        {status.state === 'conflict' && (
          <div className="conflict" role="alert">
            <p>
              <strong>{status.message}</strong>
              {status.newer.updatedAt &&
                ` Det nyare utkastet sparades ${formatDateTime(status.newer.updatedAt)}${status.newer.updatedBy ? ` av ${status.newer.updatedBy}` : ''}.`}
            </p>
            <div className="actions">
              <button type="button" className="primary" onClick={takeNewer}>
                Visa det nyare utkastet
              </button>
              <button type="button" onClick={keepMine}>
                Behåll mitt och spara över
              </button>
            </div>
          </div>
        )}
        {offerPrevious && (
          <div className="start-from">
            <p>
              Organet lämnade in samma uppgift för budgetår {basis.previous?.budgetYear} (
              {formatDate(basis.previous?.at.slice(0, 10))}). Du kan börja från den och ändra det som är nytt.
            </p>
            <button
              type="button"
              onClick={() =>
                basis.previous &&
                replace(form.fromContent(basis.previous.content, ctx, basis.previous.budgetYear))
              }
            >
              Börja från inlämningen för budgetår {basis.previous?.budgetYear}
            </button>
          </div>
        )}
        <FieldsCtx.Provider value={{ formId, errors }}>
          <form.Fields draft={draft} update={update} ctx={ctx} />
        </FieldsCtx.Provider>
        <div className="actions">
          <button type="button" onClick={() => void saveNow()}>
            Spara utkast
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Lämna in
          </button>
          <p role="status" aria-live="polite" className="muted">
            {draftStatusText(status)}
          </p>
        </div>
        <p className="hint small">
          Utkastet sparas på servern medan du skriver, så att det finns kvar om du laddar om sidan eller
          öppnar den i en annan flik. Det blir en inlämning först när du trycker på Lämna in.
        </p>
      </form>
      {lastReturn && (
        <aside className="return-reason" aria-labelledby={`${formId}-ret`}>
          <h2 id={`${formId}-ret`}>Returnerad för komplettering</h2>
          <p>{lastReturn.reason}</p>
          <p className="muted small">
            {formatDateTime(lastReturn.at)} av {lastReturn.by}
          </p>
        </aside>
      )}
    </div>
  );
}
