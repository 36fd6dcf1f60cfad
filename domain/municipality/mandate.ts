import type { z } from 'zod';
import { addDays, formatDateSv } from '../calendar/dates';
import {
  electionsInYear,
  isElectionYearFor,
  type MandateHistory,
  type MandatePeriod,
  mandatePeriodOn,
  ordinaryElectionDate,
} from '../calendar/mandate';
import { fail } from '../errors';
import type { IsoDate } from '../primitives';
import type { RecordExtraElection } from './commands';
import type { MunicipalityEvent } from './events';
import type { MunicipalityState, RegisteredMunicipality } from './state';

const RULE = 'mandate.extra-election';

/** The municipality's history of extra elections (none before registration). */
export function mandateHistoryOf(state: MunicipalityState): MandateHistory {
  return { extraElections: state.status === 'registered' ? state.extraElections : [] };
}

/** True when the municipality elects its council in a year: the ordinary elections or an extra one. */
export function isElectionYearOf(state: MunicipalityState, year: number): boolean {
  return isElectionYearFor(mandateHistoryOf(state), year);
}

/** The elections of a year, ordinary and extra, with the periods they start. */
export function electionsOf(state: MunicipalityState, year: number): MandatePeriod[] {
  return electionsInYear(mandateHistoryOf(state), year);
}

/** The mandate period a date falls in for the municipality. */
export function mandatePeriodOf(state: MunicipalityState, date: IsoDate): MandatePeriod {
  return mandatePeriodOn(mandateHistoryOf(state), date);
}

/**
 * KF's decision on an extra election (extra val), the election day and the extra period's first day.
 * The extra period ends when the next ordinary period starts, so it must start before that.
 */
export function recordExtraElection(
  c: z.infer<typeof RecordExtraElection>,
  s: RegisteredMunicipality,
): MunicipalityEvent[] {
  const organ = s.organs[c.decision.organId];
  if (organ?.kind !== 'council') {
    fail('WRONG_DECISION_BODY', RULE, 'Beslutet om extra val ska vara fullmäktiges (decision.organId)', {
      field: 'decision.organId',
      organId: c.decision.organId,
    });
  }
  if (c.decision.date > c.electionDate) {
    fail('INVALID_PERIOD', RULE, 'Beslutet om extra val ska fattas före valdagen (decision.date)', {
      field: 'decision.date',
    });
  }
  if (c.mandateStart < c.electionDate) {
    fail('INVALID_PERIOD', RULE, 'Den nya mandatperioden kan inte börja före valdagen (mandateStart)', {
      field: 'mandateStart',
    });
  }
  const ordinaryDay = ordinaryElectionDate(Number(c.electionDate.slice(0, 4)));
  if (ordinaryDay === c.electionDate) {
    fail(
      'INVALID_PERIOD',
      RULE,
      'Valdagen är dagen för de ordinarie valen, inte ett extra val (electionDate)',
      {
        field: 'electionDate',
      },
    );
  }
  const ordinary = mandatePeriodOn({ extraElections: [] }, c.electionDate);
  if (c.mandateStart > ordinary.end) {
    fail(
      'INVALID_PERIOD',
      RULE,
      `Den extra mandatperioden måste börja före nästa ordinarie mandatperiod, som börjar ${formatDateSv(addDays(ordinary.end, 1))} (mandateStart)`,
      { field: 'mandateStart', nextOrdinaryStart: addDays(ordinary.end, 1) },
    );
  }
  if (s.extraElections.some((e) => e.electionDate >= c.electionDate)) {
    fail(
      'ALREADY_EXISTS',
      RULE,
      'Ett extra val är redan registrerat på eller efter denna valdag (electionDate)',
      {
        field: 'electionDate',
      },
    );
  }
  const { type: _t, actor, ...data } = c;
  return [{ type: 'ExtraElectionRecorded', schemaVersion: 1, data: { ...data, by: actor } }];
}
