import { describe, expect, it } from 'vitest';
import { at, cycle, started } from './cycle-fixtures';

const overdue = {
  type: 'RecordDecisionOverdue',
  at,
  actor: 'system',
  gateId: 'budget-proposed',
  label: 'Kommunstyrelsens budgetförslag',
  deadline: '2026-10-20',
};
const event = {
  type: 'DecisionOverdue' as const,
  schemaVersion: 1 as const,
  data: {
    at,
    by: 'system',
    gateId: 'budget-proposed',
    label: 'Kommunstyrelsens budgetförslag',
    deadline: '2026-10-20',
  },
};

describe('a decision the cycle waits for is overdue (DecisionOverdue)', () => {
  it('given a running cycle, when the gate timer states it, then it is recorded once per gate and deadline', () => {
    const state = cycle.given(started).when(overdue).thenEmits([event]);
    expect(state.status === 'running' && state.overdueDecisions).toEqual(['budget-proposed@2026-10-20']);
    cycle
      .given([...started, event])
      .when(overdue)
      .thenEmits([]);
    cycle
      .given([...started, event])
      .when({ ...overdue, deadline: '2026-10-27' })
      .thenEmits([{ ...event, data: { ...event.data, deadline: '2026-10-27' } }]);
  });

  it('is not a command a person can send to the cycle', async () => {
    const { isPersonCycleCommand } = await import('../../domain/cycle/person-commands');
    expect(isPersonCycleCommand('RecordDecisionOverdue')).toBe(false);
  });
});
