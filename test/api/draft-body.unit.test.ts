import { describe, expect, it } from 'vitest';
import { SaveDraftBody } from '../../api/routes/drafts';

describe('a draft save names the version it was based on', () => {
  it('refuses a baseVersion beyond the stored integer (schemathesis found a 500 there)', () => {
    const parsed = SaveDraftBody.safeParse({ baseVersion: 9007199254740990, content: {} });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['baseVersion']);
  });

  it('accepts the versions a draft really has', () => {
    expect(SaveDraftBody.parse({ baseVersion: 0, content: {} }).baseVersion).toBe(0);
    expect(SaveDraftBody.parse({ baseVersion: 2_147_483_647, content: {} }).baseVersion).toBe(2_147_483_647);
  });
});
