/** The municipality as the process owner's pages read it, and small helpers they share. */
import { api, m, type Session } from '../../api';

export interface OrganFull {
  organId: string;
  kind: 'council' | 'executive_board' | 'committee' | 'company';
  name: string;
  shortName: string;
  secretaries: string[];
}

export interface Period {
  fromYear: number;
  toYear: number;
}

export interface MunicipalityFull {
  municipalityId: string;
  name: string;
  /** SCB's four-digit code, when the municipality was registered with one. */
  municipalityCode?: string;
  version: number;
  organs: Record<string, OrganFull>;
  departments: Record<string, { departmentId: string; organId: string; name: string }>;
  processOwners: string[];
  auditors: string[];
  steering: {
    vision: ({ text: string } & Period) | null;
    values: ({ values: { title: string; description: string }[] } & Period) | null;
    councilGoals: Record<
      string,
      { goalId: string; title: string; description: string; agenda2030Goals?: number[] } & Period
    >;
    externalFactors: Record<string, { factorId: string; title: string; description: string } & Period>;
  };
}

export const ORGAN_KIND_LABEL: Record<OrganFull['kind'], string> = {
  council: 'Kommunfullmäktige',
  executive_board: 'Kommunstyrelse',
  committee: 'Nämnd',
  company: 'Bolag',
};

export const collator = new Intl.Collator('sv');
export const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name);

/** An id part from a Swedish name: 'Barn- och utbildningsnämnden' → 'barn-och-utbildningsnamnden'. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** Sends a write to the municipality's API with the session's token. */
export function send(session: Session, method: 'POST' | 'DELETE', path: string, body?: unknown) {
  return api<unknown>(method, m(session, path), { token: session.token, body });
}

export const yearOf = (text: string): number => Number(text);
export const periodText = (p: Period) => `${p.fromYear}–${p.toYear}`;
