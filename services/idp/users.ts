import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The people of the local provider: Ale's users and their groups (local passwords only). */
export const USERS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'ale-users.json');

export const IdpUser = z.object({
  sub: z.string().min(1),
  name: z.string().min(1),
  password: z.string().min(1),
  groups: z.array(z.string().min(1)),
});
export type IdpUser = z.infer<typeof IdpUser>;

const UsersFile = z.object({ comment: z.string().optional(), users: z.array(IdpUser).min(1) });

export function loadUsers(file = USERS_FILE): IdpUser[] {
  return UsersFile.parse(JSON.parse(readFileSync(file, 'utf8'))).users;
}

/** The user whose id (e-mail) and password match; compared in constant time. */
export function checkPassword(users: readonly IdpUser[], sub: string, password: string): IdpUser | null {
  const user = users.find((u) => u.sub.toLowerCase() === sub.trim().toLowerCase());
  if (!user) return null;
  const given = Buffer.from(password);
  const stored = Buffer.from(user.password);
  return given.length === stored.length && timingSafeEqual(given, stored) ? user : null;
}
