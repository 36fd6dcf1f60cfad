/**
 * A soak restarts Postgres, stops Kafka, restarts Mailpit with room for every e-mail and measures each
 * service's CPU, all through the pid files of this checkout's state directory. Services that answer on
 * the configured ports but were started from another checkout (same ports in the environment) pass
 * `services up` unseen, and then the faults miss them, Mailpit keeps its default 5,000 e-mails and the
 * CPU account reads 0 for them (run mxdeholg, 7 Dec: 19,800 e-mails "missing", Temporal at 0.00).
 */
import { stateDir } from '../services/config';
import { ownPostmasterPid } from '../services/postgres';
import { isAlive, readPid } from '../services/proc';

/** The services besides Postgres (its own pid file) with pid files in this checkout's state directory. */
const PID_FILE_SERVICES = ['temporal', 'kafka', 'mail'] as const;

/** The services that answer but whose process this checkout did not start (empty when all are its own). */
export async function foreignServices(): Promise<string[]> {
  const postgres = isAlive(await ownPostmasterPid()) ? [] : ['postgres'];
  return [...postgres, ...PID_FILE_SERVICES.filter((name) => !isAlive(readPid(name)))];
}

export async function assertOwnServices(): Promise<void> {
  const foreign = await foreignServices();
  if (foreign.length === 0) return;
  throw new Error(
    `${foreign.join(', ')} svarar men startades inte från ${stateDir}: soaken startar om och mäter sina egna ` +
      'tjänster. Stoppa de andra med `arshjul services down` i katalogen som startade dem, eller ge den här ' +
      'egna portar.',
  );
}
