/** From a kind and a snapshot to the document model (the one place the builders are chosen). */
import type { ChainCheck } from '../application/chain-check';
import { buildAnnualReport } from './builders/annual-report';
import { buildAuditReport } from './builders/audit-report';
import { buildDialogueReport } from './builders/dialogue-report';
import { buildInterimReport } from './builders/interim-report';
import { buildVerksamhetsplan } from './builders/verksamhetsplan';
import type { DocumentKind } from './kinds';
import type { DocumentModel } from './model';
import type { CycleSnapshot } from './snapshot';

export interface BuildRequest {
  kind: DocumentKind;
  budgetYear: number;
  /** The nämnd, for a verksamhetsplan. */
  organId?: string;
  /** The hash-chain check held to the signed heads, for the auditors' report. */
  verify?: () => Promise<ChainCheck>;
}

export async function buildDocument(s: CycleSnapshot, r: BuildRequest): Promise<DocumentModel> {
  switch (r.kind) {
    case 'verksamhetsplan':
      if (!r.organId) throw new Error('organId is required for a verksamhetsplan');
      return buildVerksamhetsplan(s, r.budgetYear, r.organId);
    case 'delarsrapport':
      return buildInterimReport(s, r.budgetYear);
    case 'arsredovisning':
      return buildAnnualReport(s, r.budgetYear);
    case 'tillitsdialoger':
      return buildDialogueReport(s, r.budgetYear);
    case 'revision':
      if (!r.verify) throw new Error('verify is required for the auditors’ report');
      return buildAuditReport(s, r.budgetYear, await r.verify());
  }
}
