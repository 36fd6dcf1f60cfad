import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { repoRoot, stateDir } from '../services/config';

/**
 * What the workflow bundle is built from: workflow code may import workflows/, domain/ and the
 * activities' contracts; the lock file pins webpack, the SDK and every library they pull in;
 * create-worker.ts holds the bundler's options (e.g. the preloaded modules).
 */
const SOURCES = [
  'workflows',
  'domain',
  'activities/types.ts',
  'worker/create-worker.ts',
  'package-lock.json',
];

/** The files under a path relative to the repository, sorted (the path itself when it is a file). */
async function filesUnder(relative: string): Promise<string[]> {
  const entries = await readdir(path.join(repoRoot, relative), { withFileTypes: true }).catch(() => null);
  if (entries === null) return [relative];
  const nested = await Promise.all(
    entries.map((e) =>
      e.isDirectory() ? filesUnder(path.join(relative, e.name)) : [path.join(relative, e.name)],
    ),
  );
  return nested.flat().sort();
}

/** A hash of every source file's path and bytes: a changed byte makes a new bundle. */
async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const group of SOURCES) {
    for (const file of await filesUnder(group)) {
      hash
        .update(file)
        .update('\0')
        .update(await readFile(path.join(repoRoot, file)))
        .update('\0');
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The bundle for the current sources from `.arshjul/cache`, or built by `build` and stored there (one
 * file per variant, e.g. 'traced' with the tracing interceptors)
 * (written whole, then renamed, so a process reading it never sees half a file). Webpack takes seconds
 * on two cores; the demo and every test file that starts a worker would otherwise pay them again.
 */
export async function cachedWorkflowBundle(
  build: () => Promise<WorkflowBundleWithSourceMap>,
  variant = '',
): Promise<WorkflowBundleWithSourceMap> {
  const dir = path.join(stateDir, 'cache');
  const name = variant ? `workflow-bundle-${variant}` : 'workflow-bundle';
  const file = path.join(dir, `${name}-${await sourceHash()}.json`);
  const stored = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as WorkflowBundleWithSourceMap,
    () => null,
  );
  if (stored) return stored;
  const fresh = await build();
  await mkdir(dir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  await writeFile(partial, JSON.stringify({ code: fresh.code, sourceMap: fresh.sourceMap }));
  await rename(partial, file);
  return fresh;
}
