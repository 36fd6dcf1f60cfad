import type { Command } from 'commander';
import { ROLES, type Role, signToken } from '../api/auth';

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `arshjul token`: mints a development bearer token (HS256 with ARSHJUL_JWT_SECRET, or the dev secret),
 * e.g. `arshjul token --municipality ale --role secretary --organ ale-bun --sub erik.ahmadi@ale.se`.
 */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('mint a development bearer token for the HTTP API')
    .requiredOption('--municipality <id>', 'the municipality (tenant) the token is valid for')
    .requiredOption('--sub <user>', 'the user id (e.g. an e-mail address)')
    .option('--role <role>', `a role (${ROLES.join(' | ')}); repeat for several`, collect, [])
    .option('--organ <organId>', 'an organ a secretary acts for; repeat for several', collect, [])
    .option('--expires <duration>', 'lifetime, e.g. 12h, 7d', '12h')
    .action(
      async (opts: {
        municipality: string;
        sub: string;
        role: string[];
        organ: string[];
        expires: string;
      }) => {
        const unknown = opts.role.filter((r) => !(ROLES as readonly string[]).includes(r));
        if (opts.role.length === 0 || unknown.length > 0) {
          throw new Error(
            `ange --role som en av ${ROLES.join(', ')}${unknown.length ? ` (okänd: ${unknown.join(', ')})` : ''}`,
          );
        }
        if (opts.role.includes('secretary') && opts.organ.length === 0) {
          throw new Error('en sekreterare behöver minst ett --organ');
        }
        const token = await signToken(
          { sub: opts.sub, municipality: opts.municipality, roles: opts.role as Role[], organs: opts.organ },
          { expiresIn: opts.expires },
        );
        console.log(token);
      },
    );
}
