import { execa, type Options } from 'execa';

export const isRoot = () => process.getuid?.() === 0;

/** Runs a command, streaming nothing; throws an error that names the command and its stderr. */
export async function run(command: string, args: string[], options: Options = {}): Promise<string> {
  try {
    const result = await execa(command, args, { ...options, all: true });
    return String(result.stdout ?? '');
  } catch (error) {
    const e = error as { shortMessage?: string; all?: string };
    throw new Error(`${e.shortMessage ?? String(error)}\n${(e.all ?? '').split('\n').slice(-25).join('\n')}`);
  }
}

/** Runs a command as another OS user (needed for initdb/pg_ctl, which refuse to run as root). */
export function runAs(user: string | undefined, command: string, args: string[], options: Options = {}) {
  return user ? run('runuser', ['-u', user, '--', command, ...args], options) : run(command, args, options);
}

export async function commandExists(command: string): Promise<boolean> {
  try {
    await execa('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

let aptUpdated = false;
/** Installs Debian packages (apt-get update once first, as the machine requires). */
export async function aptInstall(packages: string[], log: (line: string) => void): Promise<void> {
  const [command, ...prefix] = isRoot() ? ['apt-get'] : ['sudo', 'apt-get'];
  const options = { env: { DEBIAN_FRONTEND: 'noninteractive' } };
  if (!aptUpdated) {
    log('apt-get update');
    await run(command as string, [...prefix, 'update'], options);
    aptUpdated = true;
  }
  log(`apt-get install -y ${packages.join(' ')}`);
  await run(command as string, [...prefix, 'install', '-y', '--no-install-recommends', ...packages], options);
}
