import { runDemo } from './index';

/** `node --import tsx demo/main.ts`: the demo without the CLI (the CLI's `demo` command calls runDemo). */
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await runDemo();
  } catch (error) {
    console.error(`demo: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  }
}
