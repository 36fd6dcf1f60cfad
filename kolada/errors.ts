/** Why a fetch from Kolada gave up; the message is Swedish and says that nothing was changed. */
export type KoladaFailure = 'timeout' | 'unavailable' | 'rejected' | 'invalid';

export class KoladaError extends Error {
  constructor(
    readonly failure: KoladaFailure,
    message: string,
    readonly url: string,
    readonly attempts: number,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'KoladaError';
  }
}

const UNCHANGED = 'inga värden har ändrats';

export function timeoutError(url: string, timeoutMs: number, attempts: number): KoladaError {
  const seconds = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 1 }).format(timeoutMs / 1000);
  return new KoladaError('timeout', `Kolada svarade inte inom ${seconds} s; ${UNCHANGED}`, url, attempts);
}

export function unavailableError(url: string, attempts: number, detail: string, httpStatus?: number) {
  return new KoladaError(
    'unavailable',
    `Kolada gick inte att nå (${detail}, ${attempts} försök); ${UNCHANGED}`,
    url,
    attempts,
    httpStatus,
  );
}

export function rejectedError(url: string, httpStatus: number): KoladaError {
  return new KoladaError(
    'rejected',
    `Kolada avvisade frågan (HTTP ${httpStatus}) för ${url}; ${UNCHANGED}`,
    url,
    1,
    httpStatus,
  );
}

export function invalidError(url: string, detail: string): KoladaError {
  return new KoladaError('invalid', `Kolada svarade med oväntat innehåll (${detail}); ${UNCHANGED}`, url, 1);
}
