import { describe, expect, it } from 'vitest';
import { cycleStream, makeTaskId, municipalityStream, parseStreamId, taskStream } from '../../domain/streams';

describe('stream ids', () => {
  it('builds one stream id per aggregate', () => {
    expect(municipalityStream('ale')).toBe('municipality-ale');
    expect(cycleStream('ale', 2027)).toBe('cycle-ale-2027');
    expect(taskStream('ale.2027.nulagesanalys.ale-bun')).toBe('task-ale.2027.nulagesanalys.ale-bun');
  });

  it('builds deterministic task ids', () => {
    expect(
      makeTaskId({
        municipalityId: 'ale',
        budgetYear: 2027,
        kind: 'tillitsdialog',
        organId: 'ale-sn',
        seq: 2,
      }),
    ).toBe('ale.2027.tillitsdialog.ale-sn.2');
  });

  it('parses stream ids back, also when ids contain dashes', () => {
    expect(parseStreamId(cycleStream('upplands-bro', 2027))).toEqual({
      category: 'cycle',
      municipalityId: 'upplands-bro',
      budgetYear: 2027,
    });
    expect(parseStreamId(municipalityStream('ale'))).toEqual({
      category: 'municipality',
      municipalityId: 'ale',
    });
    expect(parseStreamId(taskStream('a-b'))).toEqual({ category: 'task', taskId: 'a-b' });
    expect(parseStreamId('cycle-ale')).toBeNull();
    expect(parseStreamId('other-x')).toBeNull();
    expect(parseStreamId('task-')).toBeNull();
  });
});
