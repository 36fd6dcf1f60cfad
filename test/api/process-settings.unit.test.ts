import { describe, expect, it } from 'vitest';
import { apiProcessesFrom, DEFAULT_API_PROCESSES } from '../../api/cluster';
import { requestLogFromEnv } from '../../api/request-log';

describe('API process settings', () => {
  it('takes --processes before ARSHJUL_API_PROCESSES, else the default, and refuses what is not a count', () => {
    expect(apiProcessesFrom('3', { ARSHJUL_API_PROCESSES: '2' })).toBe(3);
    expect(apiProcessesFrom(undefined, { ARSHJUL_API_PROCESSES: '2' })).toBe(2);
    expect(apiProcessesFrom(undefined, {})).toBe(DEFAULT_API_PROCESSES);
    for (const bad of ['0', '-1', '1.5', 'two', '65']) {
      expect(() => apiProcessesFrom(bad, {})).toThrow(/integer 1–64/);
    }
  });

  it('logs slow requests from ARSHJUL_API_SLOW_MS (1 s by default), every request only when asked', () => {
    expect(requestLogFromEnv({})).toEqual({ everyRequest: false, slowMs: 1000 });
    expect(requestLogFromEnv({ ARSHJUL_API_LOG_REQUESTS: '1', ARSHJUL_API_SLOW_MS: '250' })).toEqual({
      everyRequest: true,
      slowMs: 250,
    });
    expect(() => requestLogFromEnv({ ARSHJUL_API_SLOW_MS: 'soon' })).toThrow(/ARSHJUL_API_SLOW_MS/);
  });
});
