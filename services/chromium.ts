import { access, constants } from 'node:fs/promises';
import { aptInstall } from './shell';

/** Debian's Chromium, driven by playwright-core in the browser tests. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The flags the browser tests start Chromium with: headless, as root without the sandbox, and with
 * background networking off (this machine's closed network refuses Chromium's own connections).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

let pending: Promise<string> | undefined;

/**
 * Installs Debian's chromium and chromium-driver when /usr/bin/chromium is missing (idempotent:
 * a second call, or a machine that has it, installs nothing). Returns the executable's path.
 */
export function ensureChromium(log: (line: string) => void = () => {}): Promise<string> {
  pending ??= (async () => {
    if (await executable(CHROMIUM_PATH)) return CHROMIUM_PATH;
    log('chromium saknas: installerar Debians chromium och chromium-driver');
    await aptInstall(['chromium', 'chromium-driver'], log);
    if (!(await executable(CHROMIUM_PATH))) {
      throw new Error(`${CHROMIUM_PATH} finns inte efter apt-get install chromium`);
    }
    return CHROMIUM_PATH;
  })().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}
