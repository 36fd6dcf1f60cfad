import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_HEALTH_PORTS, healthPortEnv } from '../../ops/health-server';
import { APP_PROCESSES } from '../../ops/supervisor';
import { portSettings, versions } from '../../services/config';
import { MAILPIT_VERSION } from '../../services/mail';

interface ComposeService {
  image: string;
  build?: string;
  ports?: string[];
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  entrypoint?: string[];
  profiles?: string[];
}

// No Docker engine runs here, so the compose file is kept honest by reading it against the native stack.
const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');

/** The compose service of each app process (the Mailpit service is `mail`, so the sender is `mail-sender`). */
const APP_SERVICES: Record<string, string> = {
  api: 'api',
  worker: 'worker',
  relay: 'relay',
  projections: 'projections',
  mail: 'mail-sender',
};
const SERVICES = ['idp', 'kafka', 'mail', 'postgres', 'temporal'];

describe('docker-compose.yml', () => {
  it("starts each app process with the supervisor's preloads (--require, before tsx)", () => {
    for (const p of APP_PROCESSES) {
      const entrypoint = compose.services[APP_SERVICES[p.name] ?? '']?.entrypoint ?? [];
      const required = entrypoint.flatMap((arg, i) => (entrypoint[i - 1] === '--require' ? [arg] : []));
      expect({ process: p.name, required }).toEqual({ process: p.name, required: p.preloads ?? [] });
      if (required.length > 0)
        expect(entrypoint.indexOf('--import')).toBeGreaterThan(entrypoint.lastIndexOf('--require'));
    }
  });

  it('describes the same services as the native stack, and each app process as a service of its own', () => {
    // Services under a profile (jaeger, "tracing") are optional extras the native stack does not start.
    const always = Object.entries(compose.services).filter(([, service]) => !service.profiles?.length);
    expect(always.map(([name]) => name).sort()).toEqual([...SERVICES, ...Object.values(APP_SERVICES)].sort());
    expect(compose.services.jaeger?.profiles).toEqual(['tracing']);
  });

  it('pins the versions the native stack uses', () => {
    expect(compose.services.temporal?.image).toBe(`temporalio/temporal:${versions.temporalCli}`);
    expect(compose.services.kafka?.image).toMatch(/^apache\/kafka:3\.9\.\d+$/);
    expect(versions.kafka).toMatch(/^3\.9\.\d+$/);
    expect(compose.services.postgres?.image).toBe('postgres:15');
    expect(compose.services.mail?.image).toBe(`axllent/mailpit:v${MAILPIT_VERSION}`);
  });

  it('publishes the same host ports as the native defaults', () => {
    const defaults = Object.fromEntries(Object.entries(portSettings).map(([name, s]) => [name, s.fallback]));
    expect(compose.services.postgres?.ports).toContain(`${defaults.postgres}:5432`);
    expect(compose.services.temporal?.ports).toContain(`${defaults.temporal}:7233`);
    expect(compose.services.kafka?.ports).toContain(`${defaults.kafka}:${defaults.kafka}`);
    expect(compose.services.mail?.ports).toEqual([
      `${defaults.mailSmtp}:${defaults.mailSmtp}`,
      `${defaults.mailWeb}:${defaults.mailWeb}`,
    ]);
  });

  it('runs the Temporal dev server with a database file, so history survives a restart', () => {
    expect(compose.services.temporal?.command).toEqual(
      expect.arrayContaining(['start-dev', '--db-filename']),
    );
  });

  it('builds every app process from the repository and runs the same CLI command as `arshjul up`', () => {
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "--import", "tsx", "cli/main.ts"]');
    for (const process of APP_PROCESSES) {
      const service = compose.services[APP_SERVICES[process.name] ?? ''];
      expect(service?.build, process.name).toBe('.');
      expect(service?.command, process.name).toEqual(process.args);
    }
  });

  it('checks each app process on its /readyz, at the health port its environment gives it', () => {
    for (const process of APP_PROCESSES) {
      const service = compose.services[APP_SERVICES[process.name] ?? ''];
      const env = service?.environment ?? {};
      const port =
        process.name === 'api'
          ? env.ARSHJUL_API_PORT
          : env[healthPortEnv(process.name as keyof typeof DEFAULT_HEALTH_PORTS)];
      expect(port, process.name).toBeDefined();
      if (process.name !== 'api')
        expect(Number(port)).toBe(DEFAULT_HEALTH_PORTS[process.name as keyof typeof DEFAULT_HEALTH_PORTS]);
      expect(service?.healthcheck?.test.join(' '), process.name).toContain(`http://127.0.0.1:${port}/readyz`);
      expect(service?.ports, process.name).toContain(`${port}:${port}`);
      // Reachable from the host, and pointed at the services inside the compose network.
      expect(env.ARSHJUL_HEALTH_HOST).toBe('0.0.0.0');
      expect(env.DATABASE_URL).toContain('@postgres:5432/');
      expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(env.KAFKA_BROKERS).toBe('kafka:9092');
    }
  });

  it('starts the other processes once the API (which migrates the database) is ready', () => {
    expect(compose.services.api?.depends_on?.postgres?.condition).toBe('service_healthy');
    for (const name of ['worker', 'relay', 'projections', 'mail-sender'])
      expect(compose.services[name]?.depends_on?.api?.condition, name).toBe('service_healthy');
  });
});
