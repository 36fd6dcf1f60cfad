import { access, constants } from 'node:fs/promises';
import { aptInstall } from './shell';

/** poppler-utils' tools the document tests read PDFs back with. */
export const POPPLER_TOOLS = ['/usr/bin/pdftotext', '/usr/bin/pdfinfo', '/usr/bin/pdftoppm'] as const;

const executable = (path: string) =>
  access(path, constants.X_OK).then(
    () => true,
    () => false,
  );

let pending: Promise<void> | undefined;

/** Installs Debian's poppler-utils when a tool is missing (idempotent, like ensureChromium). */
export function ensurePoppler(log: (line: string) => void = () => {}): Promise<void> {
  pending ??= (async () => {
    const present = await Promise.all(POPPLER_TOOLS.map(executable));
    if (present.every(Boolean)) return;
    log('poppler-utils saknas: installerar Debians poppler-utils');
    await aptInstall(['poppler-utils'], log);
  })().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}
