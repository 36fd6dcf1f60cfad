import { execFileSync } from 'node:child_process';
import { repoRoot } from '../../services/config';

/**
 * Runs a snippet of code in a Node process started as the supervisor starts the worker: each preload
 * with `--require` (Node runs them again in every thread it starts), then tsx. Returns the last line
 * it printed.
 */
export function lastLineOfPreloaded(
  preloads: readonly string[],
  code: string,
  options: { module?: boolean; env?: NodeJS.ProcessEnv } = {},
): string {
  const out = execFileSync(
    process.execPath,
    [
      ...preloads.flatMap((m) => ['--require', m]),
      '--import',
      'tsx',
      ...(options.module ? ['--input-type=module'] : []),
      '-e',
      code,
    ],
    { cwd: repoRoot, env: { ...process.env, ...options.env }, encoding: 'utf8' },
  );
  return out.trim().split('\n').at(-1) ?? '';
}
