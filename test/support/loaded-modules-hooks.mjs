// Module hooks for tests that check what a process loads: every resolved URL is appended to the file
// ARSHJUL_LOADED_MODULES_FILE names (the hooks run on their own thread, so a file is the way back).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const file = process.env.ARSHJUL_LOADED_MODULES_FILE;
  if (file) appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
