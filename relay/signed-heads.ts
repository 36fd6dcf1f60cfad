import type pg from 'pg';
import { EventStore, type KeyRing, type SignedHead, signChainHeads } from '../eventstore';
import type { MessageBus } from '../messaging/bus';

/** Signed chain heads get a topic of their own, outside the database the owner controls. */
export const SIGNED_HEADS_TOPIC = 'arshjul.signed-heads';

export async function publishSignedHeads(
  bus: MessageBus,
  heads: readonly SignedHead[],
  topic = SIGNED_HEADS_TOPIC,
): Promise<void> {
  if (heads.length === 0) return;
  await bus.ensureTopics([{ name: topic }]);
  const publisher = await bus.publisher();
  try {
    await publisher.publish(
      topic,
      heads.map((h) => ({ key: h.chainId, value: JSON.stringify(h) })),
    );
  } finally {
    await publisher.close();
  }
}

/** Every signed head on the topic (optionally of one chain), in publish order. */
export async function readSignedHeads(
  bus: MessageBus,
  chainId?: string,
  topic = SIGNED_HEADS_TOPIC,
): Promise<SignedHead[]> {
  await bus.ensureTopics([{ name: topic }]);
  const messages = await bus.readToEnd(topic, {});
  return messages
    .map((m) => JSON.parse(m.value) as SignedHead)
    .filter((h) => chainId === undefined || h.chainId === chainId);
}

export interface HeadSignerOptions {
  pool: pg.Pool;
  ring: KeyRing;
  bus: MessageBus;
  intervalMs: number;
  signal: AbortSignal;
  topic?: string;
  log?: (line: string) => void;
}

/**
 * The schedule: every interval, signs the heads of the chains that grew since the last round and
 * publishes them. Runs until the signal aborts; a failed round is logged and retried next interval.
 */
export async function runHeadSigner(options: HeadSignerOptions): Promise<void> {
  const lastSigned = new Map<string, string>();
  const log = options.log ?? (() => {});
  while (!options.signal.aborted) {
    try {
      const heads = await new EventStore(options.pool).chainHeads();
      const grown = heads.filter((h) => lastSigned.get(h.chainId) !== `${h.position}:${h.hash}`);
      const changed = grown.length
        ? await signChainHeads(
            options.pool,
            options.ring,
            grown.map((h) => h.chainId),
          )
        : [];
      await publishSignedHeads(options.bus, changed, options.topic);
      for (const h of changed) lastSigned.set(h.chainId, `${h.position}:${h.hash}`);
      if (changed.length) log(`signed ${changed.length} chain head(s)`);
    } catch (error) {
      log(`signing heads failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs);
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      options.signal.addEventListener('abort', stop, { once: true });
    });
  }
}
