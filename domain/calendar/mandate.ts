import { DateTime } from 'luxon';
import { type IsoDate, ZONE } from '../primitives';
import { addDays, isoDate } from './dates';

/**
 * Mandate periods (mandatperioder) of kommunfullmäktige. Ordinary elections (ordinarie val) are held
 * every fourth year in September (2018, 2022, 2026, 2030 …) and the council elected then serves four
 * years from 15 October of the election year. An extra election (extra val) starts a new period that
 * lasts only until the next ordinary period begins; it never moves the ordinary elections
 * (rules 'mandate.ordinary-elections' and 'mandate.extra-election' in domain-rules.ts).
 */

/** The first year of Swedish general elections every four years (1994, 1998 … 2022, 2026, 2030). */
const FIRST_FOUR_YEAR_ELECTION = 1994;
/** From 2014 on the elections are on the second Sunday in September, before that the third. */
const SECOND_SUNDAY_FROM = 2014;

/** An extra election as the municipality recorded it (event ExtraElectionRecorded). */
export interface ExtraElection {
  electionDate: IsoDate;
  /** The first day of the extra mandate period. */
  mandateStart: IsoDate;
}

/** What the mandate periods of one municipality depend on beyond the national rule. */
export interface MandateHistory {
  extraElections: readonly ExtraElection[];
}

export const NO_EXTRA_ELECTIONS: MandateHistory = { extraElections: [] };

export interface MandatePeriod {
  kind: 'ordinary' | 'extra';
  electionDate: IsoDate;
  /** First day of the period. */
  start: IsoDate;
  /** Last day of the period (the day before the next ordinary period starts). */
  end: IsoDate;
}

/** True when Sweden holds its ordinary general elections (allmänna val) that year: 2022, 2026, 2030 … */
export function isElectionYear(year: number): boolean {
  return year >= FIRST_FOUR_YEAR_ELECTION && (year - FIRST_FOUR_YEAR_ELECTION) % 4 === 0;
}

/** The ordinary election year on or before a year (the year of the period that year's autumn starts). */
function ordinaryElectionYearOnOrBefore(year: number): number {
  return year - ((((year - FIRST_FOUR_YEAR_ELECTION) % 4) + 4) % 4);
}

/** The day of the ordinary elections in an election year: the second (before 2014 the third) Sunday in September. */
export function ordinaryElectionDate(year: number): IsoDate | null {
  return isElectionYear(year) ? septemberSunday(year) : null;
}

function septemberSunday(year: number): IsoDate {
  const first = DateTime.fromObject({ year, month: 9, day: 1 }, { zone: ZONE });
  const firstSunday = 1 + ((7 - first.weekday) % 7);
  return isoDate(year, 9, firstSunday + (year >= SECOND_SUNDAY_FROM ? 7 : 14));
}

/** The ordinary mandate period that starts on 15 October of an ordinary election year. */
export function ordinaryMandatePeriod(electionYear: number): MandatePeriod {
  if (!isElectionYear(electionYear)) throw new RangeError(`${electionYear} is not an ordinary election year`);
  return periodFrom(electionYear);
}

/** The four-year period from 15 October of a year on the four-year grid (also before 1994, by extension). */
function periodFrom(electionYear: number): MandatePeriod {
  return {
    kind: 'ordinary',
    electionDate: septemberSunday(electionYear),
    start: isoDate(electionYear, 10, 15),
    end: addDays(isoDate(electionYear + 4, 10, 15), -1),
  };
}

/** The ordinary period in force on a date (the one whose 15 October start is on or before it). */
function ordinaryPeriodOn(date: IsoDate): MandatePeriod {
  const year = Number(date.slice(0, 4));
  const candidate = ordinaryElectionYearOnOrBefore(year);
  const period = periodFrom(candidate);
  return date >= period.start ? period : periodFrom(candidate - 4);
}

/** The extra period an extra election starts: from its mandate start to the next ordinary period. */
export function extraMandatePeriod(election: ExtraElection): MandatePeriod {
  const ordinary = ordinaryPeriodOn(election.mandateStart);
  return {
    kind: 'extra',
    electionDate: election.electionDate,
    start: election.mandateStart,
    end: ordinary.end,
  };
}

/** The mandate period a date falls in, for a municipality's history of extra elections. */
export function mandatePeriodOn(history: MandateHistory, date: IsoDate): MandatePeriod {
  const ordinary = ordinaryPeriodOn(date);
  const extra = history.extraElections
    .filter((e) => e.mandateStart >= ordinary.start && e.mandateStart <= date)
    .sort((a, b) => (a.mandateStart < b.mandateStart ? -1 : a.mandateStart > b.mandateStart ? 1 : 0))
    .at(-1);
  return extra ? extraMandatePeriod(extra) : ordinary;
}

/** The elections held in a year, ordinary and extra, earliest first. */
export function electionsInYear(history: MandateHistory, year: number): MandatePeriod[] {
  const prefix = `${year}-`;
  const extras = history.extraElections
    .filter((e) => e.electionDate.startsWith(prefix))
    .map(extraMandatePeriod);
  const ordinary = isElectionYear(year) ? [ordinaryMandatePeriod(year)] : [];
  return [...ordinary, ...extras].sort((a, b) =>
    a.electionDate < b.electionDate ? -1 : a.electionDate > b.electionDate ? 1 : 0,
  );
}

/** True when the municipality elects its council that year, in the ordinary elections or an extra one. */
export function isElectionYearFor(history: MandateHistory, year: number): boolean {
  return electionsInYear(history, year).length > 0;
}

/**
 * In a year of elections to every council in the country (the ordinary elections), the newly elected
 * council adopts the budget: the first day it may, its period's start; null in other years. An extra
 * election is held in one municipality only, so it does not bring this rule into play
 * (rule 'budget.election-year-new-council').
 */
export function newlyElectedCouncilAdoptsFrom(history: MandateHistory, year: number): IsoDate | null {
  const ordinary = electionsInYear(history, year).find((p) => p.kind === 'ordinary');
  return ordinary ? ordinary.start : null;
}
