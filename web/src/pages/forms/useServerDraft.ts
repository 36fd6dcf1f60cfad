import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem, api, authHeaders, m } from '../../api';
import { formatDateTime } from '../../format';
import { messageOf, useApp } from '../../lib';

/** A draft as the API keeps it (GET/PUT …/tasks/{taskId}/draft). */
interface StoredDraft {
  version: number;
  content: Record<string, unknown> | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export type DraftStatus =
  | { state: 'loading' }
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: string }
  | { state: 'conflict'; newer: StoredDraft; message: string }
  | { state: 'error'; message: string };

/** How long typing may pause before the draft is saved. */
const DEBOUNCE_MS = 800;
/** Browsers refuse a keepalive request body above 64 kB; a larger draft is saved the ordinary way. */
const KEEPALIVE_MAX_BYTES = 60_000;

/**
 * The form's draft, kept on the server as it is typed (debounced), so neither a reload nor a second
 * tab loses a word. Each save names the version it was based on; when another tab saved first the
 * API answers 409 and the user chooses: take the newer draft, or keep this one and save over it.
 */
export function useServerDraft<D extends object>(taskId: string, start: () => D) {
  const { session } = useApp();
  const path = m(session, `/tasks/${encodeURIComponent(taskId)}/draft`);
  const [draft, setDraftState] = useState<D | null>(null);
  const [status, setStatus] = useState<DraftStatus>({ state: 'loading' });
  const version = useRef(0);
  const latest = useRef<D | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const startRef = useRef(start);
  startRef.current = start;
  /** Typed since the last save began: what a reload or a closed tab would otherwise lose. */
  const unsaved = useRef(false);

  useEffect(() => {
    let live = true;
    api<StoredDraft>('GET', path, { token: session.token }).then(
      (stored) => {
        if (!live) return;
        version.current = stored.version;
        const initial = stored.version > 0 && stored.content ? (stored.content as D) : startRef.current();
        latest.current = initial;
        setDraftState(initial);
        setStatus(stored.updatedAt ? { state: 'saved', at: stored.updatedAt } : { state: 'idle' });
      },
      (e: unknown) => {
        if (!live) return;
        const initial = startRef.current();
        latest.current = initial;
        setDraftState(initial);
        setStatus({ state: 'error', message: `Utkastet kunde inte hämtas: ${messageOf(e)}` });
      },
    );
    return () => {
      live = false;
      clearTimeout(timer.current);
    };
  }, [path, session.token]);

  const save = useCallback(async () => {
    clearTimeout(timer.current);
    const content = latest.current;
    if (!content) return;
    unsaved.current = false;
    setStatus({ state: 'saving' });
    try {
      const saved = await api<StoredDraft>('PUT', path, {
        token: session.token,
        body: { baseVersion: version.current, content },
      });
      version.current = saved.version;
      setStatus({ state: 'saved', at: saved.updatedAt ?? new Date().toISOString() });
    } catch (e) {
      if (e instanceof ApiProblem && e.status === 409 && e.details.current) {
        setStatus({ state: 'conflict', newer: e.details.current as StoredDraft, message: e.message });
      } else setStatus({ state: 'error', message: `Utkastet kunde inte sparas: ${messageOf(e)}` });
    }
  }, [path, session.token]);

  const update = useCallback(
    (change: (d: D) => D) => {
      setDraftState((d) => {
        if (!d) return d;
        const next = change(d);
        latest.current = next;
        return next;
      });
      unsaved.current = true;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), DEBOUNCE_MS);
    },
    [save],
  );

  // Leaving the page (reload, closed tab, switched app) before the pause is over: save at once with a
  // request the browser finishes after the page is gone (fetch keepalive; sendBeacon cannot PUT or
  // carry the token).
  useEffect(() => {
    const flush = () => {
      const content = latest.current;
      if (!unsaved.current || !content) return;
      clearTimeout(timer.current);
      const body = JSON.stringify({ baseVersion: version.current, content });
      if (body.length > KEEPALIVE_MAX_BYTES) return void save();
      unsaved.current = false;
      void fetch(path, {
        method: 'PUT',
        keepalive: true,
        headers: { 'content-type': 'application/json', ...authHeaders('PUT', session.token) },
        body,
      }).catch(() => undefined);
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', onHidden);
    };
  }, [path, session.token, save]);

  /** Replaces the whole draft (a previous submission to start from) and saves it. */
  const replace = useCallback(
    (next: D) => {
      latest.current = next;
      setDraftState(next);
      void save();
    },
    [save],
  );

  const takeNewer = useCallback(() => {
    if (status.state !== 'conflict') return;
    version.current = status.newer.version;
    const newer = (status.newer.content as D | null) ?? startRef.current();
    latest.current = newer;
    setDraftState(newer);
    setStatus({ state: 'saved', at: status.newer.updatedAt ?? new Date().toISOString() });
  }, [status]);

  const keepMine = useCallback(() => {
    if (status.state !== 'conflict') return;
    version.current = status.newer.version;
    void save();
  }, [status, save]);

  return { draft, status, update, replace, saveNow: save, takeNewer, keepMine };
}

/** The draft's state in words, for the live region beside the buttons. */
export function draftStatusText(status: DraftStatus): string {
  switch (status.state) {
    case 'saving':
      return 'Sparar utkastet …';
    case 'saved':
      return `Utkastet sparades ${formatDateTime(status.at)}.`;
    case 'error':
      return status.message;
    default:
      return '';
  }
}
