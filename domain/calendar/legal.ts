import type { IsoDate } from '../primitives';
import { addMonths, isoDate } from './dates';
import { type MandateHistory, NO_EXTRA_ELECTIONS, newlyElectedCouncilAdoptsFrom } from './mandate';

/** The legal outer limits for the cycle of budget year N (a municipality may choose earlier dates). */
export interface LegalLimits {
  /** KS proposal, ordinary case: 31 Oct N-1. */
  ksProposal: IsoDate;
  /** KS proposal with särskilda skäl: 30 Nov N-1. */
  ksProposalWithSpecialReasons: IsoDate;
  /** Tax rate proposal when the budget proposal is made in November: 31 Oct N-1. */
  taxRateProposal: IsoDate;
  /** KF adoption, ordinary case: 30 Nov N-1. */
  kfAdoption: IsoDate;
  /** KF adoption when KS proposed in November with särskilda skäl: 31 Dec N-1. */
  kfAdoptionAfterNovemberProposal: IsoDate;
  /** In an election year N-1, the newly elected council adopts: not before 15 Oct N-1; else null. */
  kfAdoptionEarliest: IsoDate | null;
  /** Interim period end: at least half the year … */
  interimPeriodEndEarliest: IsoDate;
  /** … and at most two thirds of it. */
  interimPeriodEndLatest: IsoDate;
  /** Annual report to KF and auditors: 15 Apr N+1. */
  annualReport: IsoDate;
  /** Discharge (ansvarsfrihet): 30 Jun N+1. */
  discharge: IsoDate;
}

/**
 * The limits for budget year N. `mandates` is the municipality's history of extra elections; only the
 * ordinary elections (held in the whole country) make N-1 a year in which the new council adopts.
 */
export function legalLimits(budgetYear: number, mandates: MandateHistory = NO_EXTRA_ELECTIONS): LegalLimits {
  const prev = budgetYear - 1;
  return {
    ksProposal: isoDate(prev, 10, 31),
    ksProposalWithSpecialReasons: isoDate(prev, 11, 30),
    taxRateProposal: isoDate(prev, 10, 31),
    kfAdoption: isoDate(prev, 11, 30),
    kfAdoptionAfterNovemberProposal: isoDate(prev, 12, 31),
    kfAdoptionEarliest: newlyElectedCouncilAdoptsFrom(mandates, prev),
    interimPeriodEndEarliest: isoDate(budgetYear, 6, 30),
    interimPeriodEndLatest: isoDate(budgetYear, 8, 31),
    annualReport: isoDate(budgetYear + 1, 4, 15),
    discharge: isoDate(budgetYear + 1, 6, 30),
  };
}

/** The latest day KF may adopt the budget, given when and why KS proposed it. */
export function kfAdoptionLimit(budgetYear: number, ksProposal: IsoDate, specialReasons: boolean): IsoDate {
  const limits = legalLimits(budgetYear);
  return specialReasons && ksProposal > limits.ksProposal
    ? limits.kfAdoptionAfterNovemberProposal
    : limits.kfAdoption;
}

/** The latest day KS may hand the interim report to KF: two months after the period's end. */
export function interimReportLimit(periodEnd: IsoDate): IsoDate {
  return addMonths(periodEnd, 2);
}
