import { describe, expect, it } from 'vitest';
import type { CyclePort } from '../../application/cycle-port';
import { HttpRejectedError } from '../../demo/http-port';
import type { TaskState } from '../../domain/task/index';
import { reconcilingPort } from '../../soak/client';

const OWNER = 'karin.holm@ale.kommun.test';

/** A port whose approval is refused with `rule`, and whose task is approved (by `approvedBy`) or not (null). */
function refusingPort(rule: string, approvedBy: string | null): CyclePort {
  const task = {
    taskId: 't1',
    status: approvedBy ? 'approved' : 'submitted',
    approved: approvedBy ? { by: approvedBy, at: '2027-03-01T10:00:00.000Z' } : null,
  } as unknown as TaskState;
  return {
    approveTask: async () => {
      throw new HttpRejectedError(409, { code: 'INVALID_STATE', rule, message: 'nej' }, 'POST approval');
    },
    task: async () => task,
  } as unknown as CyclePort;
}

describe('reconcilingPort: an approval refused because its task is approved', () => {
  it('is done when the API found the task final', async () => {
    const port = reconcilingPort(refusingPort('task.approved-final', OWNER));
    expect((await port.approveTask('t1', OWNER)).status).toBe('approved');
  });

  it('is done when the decider refused a step run again after a worker was killed', async () => {
    const port = reconcilingPort(refusingPort('task.approve-when-submitted', OWNER));
    expect((await port.approveTask('t1', OWNER)).status).toBe('approved');
  });

  it('stays refused when the task is not approved', async () => {
    await expect(
      reconcilingPort(refusingPort('task.approve-when-submitted', null)).approveTask('t1', OWNER),
    ).rejects.toThrow(HttpRejectedError);
  });

  it('stays refused for any other rule', async () => {
    await expect(
      reconcilingPort(refusingPort('task.review-permission', OWNER)).approveTask('t1', OWNER),
    ).rejects.toThrow(HttpRejectedError);
  });
});
