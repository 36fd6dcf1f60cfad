import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type KeyRing, type KeyRingFile, keyRingFromFile, loadKeyRing } from '../eventstore/index';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { publishSignedHeads } from '../relay/signed-heads';
import { serviceUrls, stateDir } from '../services/config';

/** Where the development key ring is generated when no keys are configured. */
export const devKeyRingFile = path.join(stateDir, 'signing-keys.json');

/** The store's signing keys: ARSHJUL_SIGNING_KEYS (JSON), ARSHJUL_SIGNING_KEYS_FILE, or the dev ring. */
export function cliKeyRing(): KeyRing {
  return loadKeyRing({
    json: process.env.ARSHJUL_SIGNING_KEYS,
    file: process.env.ARSHJUL_SIGNING_KEYS_FILE,
    devFile: devKeyRingFile,
  });
}

/** Keys an auditor trusts, from a key ring file (public keys are enough). */
export function trustedKeys(file: string): KeyRing {
  return keyRingFromFile(JSON.parse(readFileSync(file, 'utf8')) as KeyRingFile);
}

/** A Kafka bus for the signed-heads topic, closed by the caller's publish helper. */
export const kafkaBus = () =>
  createKafkaBus({ brokers: serviceUrls.kafkaBrokers, clientId: 'arshjul-heads' });

/** Publishes signed heads to their topic; a Kafka outage is reported, not fatal (the heads are also kept). */
export async function publishOrWarn(heads: Parameters<typeof publishSignedHeads>[1]): Promise<void> {
  try {
    await publishSignedHeads(kafkaBus(), heads);
  } catch (error) {
    console.error(
      `Varning: de signerade kedjehuvudena kunde inte publiceras till Kafka (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}
