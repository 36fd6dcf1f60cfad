/**
 * Sweden's 290 municipalities (data/kommuner/kommuner.csv, from SCB's list), each with the id the soak
 * registers it under: its name in lower case ASCII, the domain's id alphabet (domain/primitives.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../services/config';

export interface Kommun {
  /** SCB's four-digit municipality code, e.g. 1440. */
  code: string;
  /** The name without "kommun", e.g. Ale, Upplands Väsby. */
  name: string;
  /** The county (län), e.g. Västra Götalands län. */
  county: string;
  /** The municipality id: ale, upplands-vasby; a name shared after transliteration adds its code. */
  id: string;
}

export const KOMMUNER_CSV = path.join(repoRoot, 'data', 'kommuner', 'kommuner.csv');

/** Lower-case ASCII with dashes for spaces: Upplands Väsby → upplands-vasby. */
export function slugOf(name: string): string {
  return name.toLowerCase().replace(/[åä]/g, 'a').replace(/ö/g, 'o').replace(/é/g, 'e').replace(/\s+/g, '-');
}

/** Parses the CSV (code,name,county; no quoted fields: no name contains a comma). */
export function parseKommuner(csv: string): Kommun[] {
  const [header, ...lines] = csv.trim().split('\n');
  if (header?.trim() !== 'code,name,county') throw new Error(`kommuner.csv: unexpected header '${header}'`);
  const rows = lines.map((line, i) => {
    const [code, name, county, ...extra] = line.split(',');
    if (!code || !name || !county || extra.length > 0)
      throw new Error(`kommuner.csv line ${i + 2}: expected code,name,county`);
    return { code, name, county };
  });
  const slugCount = new Map<string, number>();
  for (const r of rows) slugCount.set(slugOf(r.name), (slugCount.get(slugOf(r.name)) ?? 0) + 1);
  return rows.map((r) => {
    const slug = slugOf(r.name);
    return { ...r, id: (slugCount.get(slug) ?? 0) > 1 ? `${slug}-${r.code}` : slug };
  });
}

let cached: Kommun[] | undefined;

/** All 290, in code order. */
export function allKommuner(): Kommun[] {
  cached ??= parseKommuner(readFileSync(KOMMUNER_CSV, 'utf8'));
  return cached;
}

/**
 * The first `count` for a shorter run, Ale always among them: every county's first municipality
 * before any county's second, so a short run still spans the country.
 */
export function chooseKommuner(count: number): Kommun[] {
  const all = allKommuner();
  if (count >= all.length) return all;
  const byCounty = new Map<string, Kommun[]>();
  for (const k of all) byCounty.set(k.county, [...(byCounty.get(k.county) ?? []), k]);
  const ale = all.find((k) => k.code === '1440');
  const order: Kommun[] = ale ? [ale] : [];
  for (let round = 0; order.length < all.length; round++) {
    for (const list of byCounty.values()) {
      const k = list[round];
      if (k && k !== ale) order.push(k);
    }
    if (round > all.length) break;
  }
  return order.slice(0, Math.max(1, count));
}
