import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../services/config';

const dir = mkdtempSync(path.join(tmpdir(), 'arshjul-loaded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs node with tsx on `args`; returns its output, every URL it resolved and the repository-relative
 * modules among them.
 */
function run(
  name: string,
  args: string[],
): { output: string; status: number | null; urls: string[]; loaded: string[] } {
  const file = path.join(dir, `${name}.txt`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './test/support/loaded-modules.mjs', ...args],
    { cwd: repoRoot, env: { ...process.env, ARSHJUL_LOADED_MODULES_FILE: file }, encoding: 'utf8' },
  );
  const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const root = `file://${repoRoot}/`;
  const loaded = [...new Set(urls.filter((u) => u.startsWith(root)).map((u) => u.slice(root.length)))];
  return { output: result.stdout + result.stderr, status: result.status, urls, loaded };
}

const inside = (loaded: string[], prefix: string) => loaded.filter((m) => m.startsWith(prefix));

// Each case starts node with tsx: seconds on a loaded 2-core machine.
describe('the CLI loads the code of the command asked for, not all of it', { timeout: 60_000 }, () => {
  it('the overview still lists every command', () => {
    const { output, status } = run('help', ['cli/main.ts', '--help']);
    expect(status).toBe(0);
    const commands = [...output.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]);
    expect(commands).toEqual(
      expect.arrayContaining(
        ['services', 'db', 'worker', 'api', 'up', 'cycle', 'relay', 'mail', 'projections', 'audit'].concat([
          'token',
          'kolada',
          'soak',
          'demo',
        ]),
      ),
    );
  });

  it('a relay process loads the relay and none of the API, workflows, demo or mail sender', () => {
    const { output, status, loaded } = run('relay', ['cli/main.ts', 'relay', '--help']);
    expect(status).toBe(0);
    expect(output).toMatch(/run \[options\]/);
    expect(output).toMatch(/status/);
    expect(loaded).toContain('ops/relay-process.ts');
    for (const other of ['api/', 'workflows/', 'demo/', 'documents/', 'soak/', 'kolada/'])
      expect(inside(loaded, other), other).toEqual([]);
    expect(loaded).not.toContain('mail/sender.ts');
    expect(loaded).not.toContain('ops/projections-process.ts');
  });

  it('a projections process loads its read models and not the relay, the API or the workflows', () => {
    const { status, loaded } = run('projections', ['cli/main.ts', 'projections', '--help']);
    expect(status).toBe(0);
    expect(loaded).toContain('ops/projections-process.ts');
    expect(loaded).not.toContain('relay/relay.ts');
    // kolada/projection.ts is one of its read models.
    for (const other of ['api/', 'workflows/', 'demo/', 'documents/', 'soak/'])
      expect(inside(loaded, other), other).toEqual([]);
  });

  it('an unknown command is still named, with the list to choose from', () => {
    const { output, status } = run('typo', ['cli/main.ts', 'rela']);
    expect(status).not.toBe(0);
    expect(output).toMatch(/unknown command 'rela'/);
    expect(output).toMatch(/Did you mean relay\?/);
  });

  it('the API loads Chromium, Excel and the OpenTelemetry exporter only when first used', () => {
    const { output, status, urls, loaded } = run('api', ['-e', "await import('./api/app.ts')"]);
    expect(status, output).toBe(0);
    expect(loaded).toContain('api/app.ts');
    for (const heavy of [
      'playwright-core',
      'exceljs',
      'exporter-trace-otlp-http',
      '@opentelemetry/sdk-trace-node',
    ])
      expect(
        urls.filter((u) => u.includes(`node_modules/${heavy}/`)),
        heavy,
      ).toEqual([]);
  });
});
