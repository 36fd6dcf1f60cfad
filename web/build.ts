import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const WEB = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(WEB);

async function newestMtime(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** The built app's entry page: missing until the first build. */
export const webDistIndex = join(WEB, 'dist', 'index.html');

/** True when web/dist is missing or older than the app's sources. */
export async function webBuildIsStale(): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(webDistIndex)).mtimeMs;
  } catch {
    return true;
  }
  const sources = await Promise.all(
    ['src', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) =>
      newestMtime(join(WEB, p)).catch(() => 0),
    ),
  );
  return Math.max(...sources) > built;
}

/** Builds the web app with Vite when web/dist is missing or stale (the demo and the browser tests call this). */
export async function ensureWebBuilt(log: (line: string) => void = () => {}): Promise<void> {
  if (!(await webBuildIsStale())) return;
  log('bygger webbappen (vite build)');
  await execa(
    join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--config', join(WEB, 'vite.config.ts')],
    {
      cwd: ROOT,
      all: true,
    },
  );
}
