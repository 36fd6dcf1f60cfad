import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';

export type FeedSubject = { kind: 'person'; userId: string } | { kind: 'organ'; organId: string };

export interface StoredFeed {
  municipalityId: string;
  subject: FeedSubject;
  createdBy: string;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Creates or renews the feed token of a person or an organ: a fresh random token whose hash replaces
 * the previous one, which is revoked by that. Returns the token (shown once, in the feed's URL).
 */
export async function renewFeedToken(
  pool: pg.Pool,
  municipalityId: string,
  subject: FeedSubject,
  createdBy: string,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const subjectId = subject.kind === 'person' ? subject.userId : subject.organId;
  await pool.query(
    `insert into api_calendar_feeds (municipality_id, subject_kind, subject_id, token_sha256, created_by)
     values ($1, $2, $3, $4, $5)
     on conflict (municipality_id, subject_kind, subject_id)
     do update set token_sha256 = excluded.token_sha256, created_by = excluded.created_by, created_at = now()`,
    [municipalityId, subject.kind, subjectId, sha256(token), createdBy],
  );
  return token;
}

/** The feed a token opens, or null for an unknown or renewed (revoked) token. */
export async function findFeed(pool: pg.Pool, token: string): Promise<StoredFeed | null> {
  const { rows } = await pool.query<{
    municipality_id: string;
    subject_kind: 'person' | 'organ';
    subject_id: string;
    created_by: string;
  }>(
    `select municipality_id, subject_kind, subject_id, created_by
     from api_calendar_feeds where token_sha256 = $1`,
    [sha256(token)],
  );
  const row = rows[0];
  if (!row) return null;
  const subject: FeedSubject =
    row.subject_kind === 'person'
      ? { kind: 'person', userId: row.subject_id }
      : { kind: 'organ', organId: row.subject_id };
  return { municipalityId: row.municipality_id, subject, createdBy: row.created_by };
}
