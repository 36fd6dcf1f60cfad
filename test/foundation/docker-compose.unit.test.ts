import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { versions } from '../../services/config';
import { MAILPIT_VERSION } from '../../services/mail';

// No Docker engine runs here, so the compose file is kept honest by reading it against the native stack.
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
  services: Record<string, { image: string; ports?: string[]; command?: string[] }>;
};

describe('docker-compose.yml', () => {
  it('describes the same services as the native stack', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['idp', 'kafka', 'mail', 'postgres', 'temporal']);
  });

  it('pins the versions the native stack uses', () => {
    expect(compose.services.temporal?.image).toBe(`temporalio/temporal:${versions.temporalCli}`);
    expect(compose.services.kafka?.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(versions.kafka).toMatch(/^3\.9\.\d+$/);
    expect(compose.services.postgres?.image).toBe('postgres:15');
    expect(compose.services.mail?.image).toBe(`axllent/mailpit:v${MAILPIT_VERSION}`);
  });

  it('publishes the same host ports as the native defaults', () => {
    expect(compose.services.postgres?.ports).toContain('55432:5432');
    expect(compose.services.temporal?.ports).toContain('17233:7233');
    expect(compose.services.kafka?.ports).toContain('19092:19092');
    expect(compose.services.mail?.ports).toEqual(['11025:11025', '18025:18025']);
  });

  it('runs the Temporal dev server with a database file, so history survives a restart', () => {
    expect(compose.services.temporal?.command).toEqual(
      expect.arrayContaining(['start-dev', '--db-filename']),
    );
  });
});
