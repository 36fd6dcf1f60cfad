import { readFileSync } from 'node:fs';
import { storeKeyRing } from '../application/chain-check';
import { type KeyRing, type KeyRingFile, keyRingFromFile } from '../eventstore/index';
import { createKafkaBus } from '../messaging/kafkajs-bus';
import { publishSignedHeads } from '../relay/signed-heads';
import { serviceUrls } from '../services/config';

export { devKeyRingFile } from '../application/chain-check';

/** The store's signing keys: ARSHJUL_SIGNING_KEYS (JSON), ARSHJUL_SIGNING_KEYS_FILE, or the dev ring. */
export const cliKeyRing = (): KeyRing => storeKeyRing();

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
