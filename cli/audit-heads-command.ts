import type { Command } from 'commander';
import { keyRingToFile, rotateKeyRing, signChainHeads, writeKeyRing } from '../eventstore/index';
import { runHeadSigner } from '../relay/signed-heads';
import { withPool } from './pool';
import { cliKeyRing, devKeyRingFile, kafkaBus, publishOrWarn } from './signing-keys';

/** `arshjul audit heads sign|run` and `arshjul audit keys public|rotate`: signed chain heads and their keys. */
export function registerAuditHeadsCommands(audit: Command): void {
  const heads = audit.command('heads').description("signed chain heads (one per municipality's chain)");

  heads
    .command('sign')
    .description(
      'sign the current head of every chain (or one municipality), keep it and publish it to Kafka',
    )
    .option('-m, --municipality <id>', "only this municipality's chain")
    .action(async (opts: { municipality?: string }) => {
      const ring = cliKeyRing();
      await withPool(async (pool) => {
        const signed = await signChainHeads(pool, ring, opts.municipality ? [opts.municipality] : undefined);
        await publishOrWarn(signed);
        for (const h of signed) console.log(JSON.stringify(h));
        console.error(`${signed.length} kedjehuvud(en) signerade med nyckel ${ring.activeKeyId}.`);
      });
    });

  heads
    .command('run')
    .description('sign and publish the heads of chains that grew, every interval, until Ctrl-C')
    .option('--interval <seconds>', 'seconds between rounds', Number, 60)
    .action(async (opts: { interval: number }) => {
      const ring = cliKeyRing();
      const controller = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
      await withPool((pool) =>
        runHeadSigner({
          pool,
          ring,
          bus: kafkaBus(),
          intervalMs: opts.interval * 1000,
          signal: controller.signal,
          log: (line) => console.error(line),
        }),
      );
    });

  const keys = audit.command('keys').description('the Ed25519 keys chain heads are signed with');

  keys
    .command('public')
    .description('print the public keys (a key ring file without private keys) for auditors')
    .action(() => {
      console.log(JSON.stringify(keyRingToFile(cliKeyRing(), false), null, 2));
    });

  keys
    .command('rotate <keyId>')
    .description('add a new active key; older keys stay so the heads they signed still verify')
    .action((keyId: string) => {
      const file = process.env.ARSHJUL_SIGNING_KEYS_FILE ?? devKeyRingFile;
      if (process.env.ARSHJUL_SIGNING_KEYS) {
        console.error('Nycklarna kommer från ARSHJUL_SIGNING_KEYS: rotera i den källan i stället.');
        process.exitCode = 2;
        return;
      }
      writeKeyRing(file, rotateKeyRing(cliKeyRing(), keyId));
      console.log(`Ny aktiv nyckel ${keyId} i ${file}.`);
    });
}
