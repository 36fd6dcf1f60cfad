import type { z } from 'zod';
import { fail } from '../errors';
import { isSubjectToDischarge } from '../municipality/organ';
import type { SubmitAuditReport } from './commands';
import type { CycleEvent } from './events';
import { requireOnOrAfter, requirePhaseOpen } from './guards';
import type { CycleData } from './state';

type Cmd<T extends z.ZodType> = z.infer<T>;

/**
 * Revisorerna hand in their revisionsberättelse on the annual report: per nämnd and KS, tillstyrker or
 * avstyrker ansvarsfrihet, with any anmärkning (rule audit-report.findings-per-organ; its citation is unverified).
 */
export function submitAuditReport(c: Cmd<typeof SubmitAuditReport>, s: CycleData): CycleEvent[] {
  requirePhaseOpen(s, 'bokslut');
  const annualReport = s.annualReport.submitted;
  if (annualReport === null) {
    fail(
      'INVALID_STATE',
      'audit-report.after-annual-report',
      'Årsredovisningen är inte lämnad till revisorerna',
    );
  }
  if (s.auditReport !== null) {
    fail('ALREADY_EXISTS', 'audit-report.once', 'Revisionsberättelsen är redan lämnad', {});
  }
  requireOnOrAfter(c.date, annualReport.date, 'cycle.phase-order', 'Revisionsberättelsen kan lämnas');
  const examined = Object.values(s.organs).filter((o) => isSubjectToDischarge(o.kind));
  const byOrgan = new Map(c.findings.map((f) => [f.organId, f]));
  const unknown = c.findings.filter((f) => !examined.some((o) => o.organId === f.organId));
  if (unknown.length > 0 || byOrgan.size !== c.findings.length) {
    fail(
      'NOT_APPLICABLE',
      'audit-report.findings-per-organ',
      'Revisionsberättelsen prövar ansvarsfrihet en gång för varje nämnd och kommunstyrelsen',
      { organIds: unknown.map((f) => f.organId) },
    );
  }
  const missing = examined.filter((o) => !byOrgan.has(o.organId)).map((o) => o.organId);
  if (missing.length > 0) {
    fail(
      'INVALID_CONTENT',
      'audit-report.findings-per-organ',
      `Revisionsberättelsen saknar prövning för: ${missing.join(', ')}`,
      { organIds: missing },
    );
  }
  return [
    {
      type: 'AuditReportSubmitted',
      schemaVersion: 1,
      data: { at: c.at, by: c.actor, date: c.date, findings: c.findings },
    },
  ];
}

/**
 * KF decides on discharge only after approving the annual report and, where the cycle's calendar plans
 * it, after the auditors' report (cycles started before it was planned keep their rules: their
 * recorded histories must replay as they ran).
 */
export function requireDischargeBasis(s: CycleData, decidedOn: string): void {
  const approved = s.annualReport.approved;
  if (approved === null) {
    fail(
      'INVALID_STATE',
      'discharge.after-annual-report-approval',
      'Fullmäktige har inte godkänt årsredovisningen',
      {},
    );
  }
  requireOnOrAfter(decidedOn, approved.date, 'cycle.phase-order', 'Beslutet om ansvarsfrihet kan fattas');
  if (s.calendar.bokslut.auditReport === null) return;
  if (s.auditReport === null) {
    fail('INVALID_STATE', 'discharge.after-auditors-report', 'Revisionsberättelsen är inte lämnad', {});
  }
  requireOnOrAfter(
    decidedOn,
    s.auditReport.date,
    'cycle.phase-order',
    'Beslutet om ansvarsfrihet kan fattas',
  );
}

/** Discharge per member (rule discharge.per-member): each member is tried once. */
export function requireMembersOnce(members: readonly { name: string }[] | undefined): void {
  if (!members) return;
  const names = members.map((m) => m.name.toLocaleLowerCase('sv'));
  const twice = members.filter((_, i) => names.indexOf(names[i] ?? '') !== i).map((m) => m.name);
  if (twice.length > 0) {
    fail(
      'INVALID_CONTENT',
      'discharge.per-member',
      `Ansvarsfrihet per ledamot: ${twice.join(', ')} prövas mer än en gång`,
      { names: twice },
    );
  }
}
