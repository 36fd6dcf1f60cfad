import { useCallback, useEffect, useId, useState } from 'react';
import { ApiProblem, api, m } from '../api';
import { formatDate, formatDateTime, KIND_LABEL, phaseLabel, taskStatusLabel } from '../format';
import { href, messageOf, PageHeading, StatusBadge, useApp, withAsOf } from '../lib';
import { TASK_FORMS, TaskForm } from './forms';
import { SubmissionView } from './SubmissionView';

export interface TaskDetails {
  status: 'open' | 'submitted' | 'returned' | 'approved' | 'cancelled';
  taskId: string;
  budgetYear: number;
  organId: string;
  phase: string;
  kind: string;
  title: string;
  dueDate: string;
  revision: number;
  escalatedForDueDate: string | null;
  submission: {
    submission: { kind: string; content: unknown };
    by: string;
    at: string;
    late: boolean;
  } | null;
  returns: { revision: number; reason: string; by: string; at: string }[];
  approved: { by: string; at: string } | null;
}

export function TaskPage({ taskId }: { taskId: string }) {
  const { session, organName, asOf } = useApp();
  const [task, setTask] = useState<TaskDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const id = useId();

  const load = useCallback(async () => {
    try {
      setTask(
        await api<TaskDetails>('GET', m(session, withAsOf(`/tasks/${encodeURIComponent(taskId)}`, asOf)), {
          token: session.token,
        }),
      );
    } catch (e) {
      setError(messageOf(e));
    }
  }, [session, taskId, asOf]);
  useEffect(() => {
    void load();
  }, [load]);

  const done = (message: string) => (next: TaskDetails) => {
    setTask(next);
    setNotice(message);
  };

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    );
  if (!task) return <p aria-live="polite">Laddar …</p>;

  // Viewing a past date: the task as it stood then, and nothing can be changed.
  const canEdit =
    !asOf &&
    session.role === 'secretary' &&
    session.organs.includes(task.organId) &&
    (task.status === 'open' || task.status === 'returned');
  const canReview = !asOf && session.role === 'process_owner' && task.status === 'submitted';

  return (
    <article aria-labelledby={`${id}-h`}>
      <p>
        <a href={href('inkorg', task.organId)}>← Inkorg – {organName(task.organId)}</a>
      </p>
      <PageHeading id={`${id}-h`}>{task.title}</PageHeading>
      <dl className="facts">
        <dt>Organ</dt>
        <dd>{organName(task.organId)}</dd>
        <dt>Uppgift</dt>
        <dd>
          {KIND_LABEL[task.kind] ?? task.kind}
          {phaseLabel(task.phase) !== KIND_LABEL[task.kind] ? ` i fasen ${phaseLabel(task.phase)}` : ''} ·
          budgetår {task.budgetYear}
        </dd>
        <dt>Sista dag</dt>
        <dd>
          {formatDate(task.dueDate)}
          {task.escalatedForDueDate && <span className="warn"> · eskalerad till processägaren</span>}
        </dd>
        <dt>Status</dt>
        <dd>
          <StatusBadge status={task.status} label={taskStatusLabel(task.status)} />
          {task.revision > 0 && <span className="muted"> · inlämning {task.revision}</span>}
          {task.submission?.late && <span className="warn"> · inlämnad efter sista dag</span>}
        </dd>
        {task.approved && (
          <>
            <dt>Godkänd</dt>
            <dd>
              {formatDateTime(task.approved.at)} av {task.approved.by}
            </dd>
          </>
        )}
      </dl>
      <div role="status" aria-live="polite" className={notice ? 'notice' : 'visually-hidden'}>
        {notice}
      </div>
      {task.returns.length > 0 && (
        <section aria-labelledby={`${id}-r`} className="returns">
          <h2 id={`${id}-r`}>Returer</h2>
          <ol>
            {task.returns.map((r) => (
              <li key={r.revision}>
                <strong>{formatDateTime(r.at)}</strong> ({r.by}): {r.reason}
              </li>
            ))}
          </ol>
        </section>
      )}
      {canEdit && task.kind in TASK_FORMS && (
        <TaskForm
          task={task}
          form={TASK_FORMS[task.kind as keyof typeof TASK_FORMS]}
          onSubmitted={done(TASK_FORMS[task.kind as keyof typeof TASK_FORMS].submittedNotice)}
        />
      )}
      {canReview && (
        <ReviewPanel
          task={task}
          onReturned={done('Uppgiften är returnerad till organet för komplettering.')}
          onApproved={done('Uppgiften är godkänd.')}
        />
      )}
      {task.submission && !canEdit && (
        <section aria-labelledby={`${id}-s`}>
          <h2 id={`${id}-s`}>
            Inlämnat {formatDateTime(task.submission.at)} av {task.submission.by}
          </h2>
          <SubmissionView submission={task.submission.submission} />
        </section>
      )}
    </article>
  );
}

function ReviewPanel({
  task,
  onReturned,
  onApproved,
}: {
  task: TaskDetails;
  onReturned(t: TaskDetails): void;
  onApproved(t: TaskDetails): void;
}) {
  const { session } = useApp();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const path = m(session, `/tasks/${encodeURIComponent(task.taskId)}`);

  async function act(kind: 'return' | 'approval') {
    setError(null);
    if (kind === 'return' && reason.trim() === '') {
      setReasonError('Ange ett skäl till returen.');
      document.getElementById(`${id}-reason`)?.focus();
      return;
    }
    setReasonError(null);
    setBusy(true);
    try {
      const next = await api<TaskDetails>('POST', `${path}/${kind}`, {
        token: session.token,
        body: kind === 'return' ? { reason: reason.trim() } : {},
      });
      if (kind === 'return') onReturned(next);
      else onApproved(next);
    } catch (e) {
      if (e instanceof ApiProblem && kind === 'return' && e.issues.length)
        setReasonError(e.issues[0]?.message ?? e.message);
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-h`} className="review">
      <h2 id={`${id}-h`}>Granska</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="review-actions">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act('return');
          }}
          noValidate
        >
          <div className="field">
            <label htmlFor={`${id}-reason`}>Skäl till returen</label>
            <textarea
              id={`${id}-reason`}
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${id}-reason-err` : undefined}
            />
            {reasonError && (
              <p id={`${id}-reason-err`} className="field-error">
                {reasonError}
              </p>
            )}
          </div>
          <button type="submit" disabled={busy}>
            Returnera för komplettering
          </button>
        </form>
        <div>
          <p>Godkänn när inlämningen är komplett.</p>
          <button type="button" className="primary" disabled={busy} onClick={() => void act('approval')}>
            Godkänn
          </button>
        </div>
      </div>
    </section>
  );
}
