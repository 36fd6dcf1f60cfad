import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALE_ORGAN, ALE_USERS } from '../../domain/examples/ale';
import { ensureSchemathesis } from '../../services/python-tools';
import { type ApiHarness, createApiHarness, registerAle, startAleCycleAt } from './support';

const M = 'ale';
const BUN_TASK = 'ale.2027.nulagesanalys.ale-bun';
/** Examples per operation and phase: bounded so the run stays within two minutes on a quiet machine. */
const MAX_EXAMPLES = Number(process.env.ARSHJUL_SCHEMATHESIS_EXAMPLES ?? 6);
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
];
/** They ask Kolada itself (api.kolada.se); its failures are the documented 502/504, not ours. */
const CALLS_KOLADA = '/kolada(/refresh)?$';
/** The task operations only the organ's secretary may call. */
const SECRETARY_OWN = '/tasks/\\{taskId\\}/(draft|submission)$';

interface RunReport {
  exitCode: number;
  output: string;
  /** Test cases schemathesis generated and sent. */
  generated: number;
  /** Lines of its summary's Failures and Errors blocks (empty when none). */
  failures: string[];
}

/** Runs `st run` against the API's own document with one user's token, on the operations selected. */
async function schemathesis(a: ApiHarness, token: string, select: string[]): Promise<RunReport> {
  const st = await ensureSchemathesis(() => {});
  const dir = mkdtempSync(join(tmpdir(), 'arshjul-schemathesis-'));
  const config = join(dir, 'schemathesis.toml');
  // Path parameters name Ale's real ids, so requests reach the handlers instead of stopping at 404.
  writeFileSync(
    config,
    [
      '[parameters]',
      `"path.municipalityId" = "${M}"`,
      '"path.budgetYear" = 2027',
      `"path.organId" = "${ALE_ORGAN.bun}"`,
      `"path.taskId" = "${BUN_TASK}"`,
    ].join('\n'),
  );
  const run = await execa(
    st,
    [
      '--config-file',
      config,
      'run',
      `${a.url}/openapi.json`,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      CHECKS.join(','),
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      String(MAX_EXAMPLES),
      '--seed',
      '18',
      // One worker: hypothesis's lambda descriptions are not thread-safe (runtime errors with two).
      '--workers',
      '1',
      '--no-color',
      ...select,
    ],
    // Its own folder as cwd: schemathesis keeps a .schemathesis/ database there.
    { reject: false, all: true, cwd: dir, env: { NO_COLOR: '1' } },
  );
  const output = run.all ?? '';
  writeFileSync(join(dir, 'output.txt'), output);
  return { exitCode: run.exitCode ?? -1, output, ...countsOf(output) };
}

/** The counts of the run's SUMMARY: "Test cases: 5025 generated, 5025 passed" and its failure lines. */
function countsOf(output: string): { generated: number; failures: string[] } {
  const summary = output.slice(output.lastIndexOf('SUMMARY'));
  const generated = Number(/(\d+) generated/.exec(summary)?.[1] ?? Number.NaN);
  const failures: string[] = [];
  let inBlock = false;
  for (const line of summary.split('\n')) {
    if (/^(Failures|Errors):/.test(line)) inBlock = true;
    else if (/^\S/.test(line)) inBlock = false;
    else if (inBlock && line.trim()) failures.push(line.trim());
  }
  return { generated, failures };
}

describe('schemathesis against the OpenAPI document (real Postgres, time-skipping Temporal, real worker)', () => {
  let a: ApiHarness;
  let owner: string;

  beforeAll(async () => {
    a = await createApiHarness('schemathesis', { rateLimit: null });
    await registerAle(a, M);
    owner = await a.tokenFor(M)(ALE_USERS.processOwner);
    await startAleCycleAt(a, M, owner, '2026-02-10T09:00:00+01:00', [BUN_TASK]);
    await a.catchUpProjections();
  });
  afterAll(async () => {
    await a?.teardown();
  });

  it('finds no server error and no response that breaks its schema', async () => {
    // Every operation as the process owner; the secretary's own task operations as her (the owner gets 403).
    const secretary = await a.tokenFor(M)(ALE_USERS.secretaries[ALE_ORGAN.bun] as string);
    const runs = [
      await schemathesis(a, owner, ['--exclude-path-regex', CALLS_KOLADA]),
      await schemathesis(a, secretary, ['--include-path-regex', SECRETARY_OWN]),
    ];
    // The full reports go to a file, not to the log: schemathesis closes with pytest-style
    // "=== N warnings in Ts ===" lines, which CI would read as a test runner that ran no test.
    mkdirSync('reports', { recursive: true });
    writeFileSync('reports/schemathesis.txt', runs.map((r) => r.output).join('\n\n'));
    for (const run of runs) {
      expect(run.failures).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.generated).toBeGreaterThan(0);
    }
    console.log(
      `schemathesis: ${runs.map((r) => r.generated).join(' + ')} test cases, no failures (reports/schemathesis.txt)`,
    );
  }, 240_000);
});
