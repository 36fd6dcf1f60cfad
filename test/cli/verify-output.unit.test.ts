import { afterEach, describe, expect, it, vi } from 'vitest';
import { printVerifyResult } from '../../cli/verify-output';

describe('audit verify, the verdict printed', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  });
  const printed = (count: number, chains: number) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    printVerifyResult({ ok: true, count, chains, lastPosition: count });
    return String(log.mock.calls[0]?.[0]);
  };

  it('names one event and one chain in the singular', () => {
    expect(printed(1, 1)).toBe(
      'Hashkedjan är obruten: 1 händelse i 1 kedja kontrollerade, sista position 1.',
    );
  });

  it('names several in the plural', () => {
    expect(printed(68, 3)).toBe(
      'Hashkedjan är obruten: 68 händelser i 3 kedjor kontrollerade, sista position 68.',
    );
    expect(process.exitCode).toBeUndefined();
  });
});
