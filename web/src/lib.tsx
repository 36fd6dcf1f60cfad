import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { ApiProblem, api, m, type Session } from './api';

export interface Organ {
  organId: string;
  name: string;
  shortName: string;
  kind: string;
  secretaries: string[];
}

export interface MunicipalityView {
  municipalityId: string;
  name: string;
  organs: Record<string, Organ>;
  steering: {
    councilGoals: Record<string, { goalId: string; title: string; description: string }>;
    externalFactors: Record<string, { factorId: string; title: string; description: string }>;
  };
}

export interface AppContext {
  session: Session;
  municipality: MunicipalityView | null;
  organName(organId: string): string;
  /** The "as of" date every page shows the state at (null: now); read endpoints that support it get it. */
  asOf?: string | null;
  setAsOf?(date: string | null): void;
}

/** Read paths whose endpoints accept `asOf` (the store's as-of machinery behind them). */
const AS_OF_PATHS = [
  /^$/,
  /^\/steering$/,
  /^\/decisions$/,
  /^\/cycles\/\d+\/waiting$/,
  /^\/read-models\/[^/]+$/,
  /^\/audit\//,
  /^\/tasks\/[^/]+$/,
  /^\/tasks$/,
  /^\/cycles\/\d+$/,
  /^\/organs\/[^/]+\/inbox$/,
  /^\/budget\/\d+$/,
  /^\/reports\/goals$/,
  /^\/reports\/deadline-compliance$/,
  /^\/dialogues$/,
];

/** The path with `asOf` added when the endpoint supports it and a date is chosen. */
export function withAsOf(path: string, asOf: string | null | undefined): string {
  if (!asOf) return path;
  const [bare = '', query = ''] = path.split('?');
  if (!AS_OF_PATHS.some((re) => re.test(bare))) return path;
  const params = new URLSearchParams(query);
  if (!params.has('asOf')) params.set('asOf', asOf);
  return `${bare}?${params.toString()}`;
}

export const Ctx = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('no app context');
  return ctx;
}

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'error'; error: string }
  | { state: 'done'; data: T; reload(): void };

/** GETs a path of the municipality with the session's token; reloads when the path changes. */
export function useGet<T>(path: string | null): Loaded<T> {
  const { session, asOf } = useApp();
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    if (tick < 0) return;
    api<T>('GET', m(session, withAsOf(path, asOf)), { token: session.token }).then(
      (data) => live && setResult({ state: 'done', data, reload }),
      (error: unknown) => live && setResult({ state: 'error', error: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [path, session, tick, reload, asOf]);
  return result;
}

/** A page's error (read out at once) and its status line (read out when the user pauses). */
export function Notices({ error, status }: { error: string | null; status: string }) {
  return (
    <>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p aria-live="polite">{status}</p>
    </>
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiProblem) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function Loading<T>({ result, children }: { result: Loaded<T>; children: (data: T) => ReactNode }) {
  if (result.state === 'loading') return <p aria-live="polite">Laddar …</p>;
  if (result.state === 'error')
    return (
      <p role="alert" className="error">
        {result.error}
      </p>
    );
  return <>{children(result.data)}</>;
}

/** A page's heading, focused on navigation so screen readers announce the new page. */
export function PageHeading({ children, id }: { children: ReactNode; id?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} id={id} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status}`}>{label}</span>;
}

/** The current hash route: `#/inkorg/ale-bun?x=1` → ['inkorg', 'ale-bun'] and the query. */
export function useRoute(): { parts: string[]; query: URLSearchParams } {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const on = () => setHash(window.location.hash);
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?');
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

export const href = (...parts: (string | number)[]): string =>
  `#/${parts.map((p) => encodeURIComponent(String(p))).join('/')}`;
