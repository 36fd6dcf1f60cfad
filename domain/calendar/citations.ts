/**
 * Statute citations checked against the statute text. A citation counts as verified only when the
 * sentence it rests on was found in the text of the statute (or of the amending SFS that gave the
 * section its current wording) and is quoted here with its source. Every other citation stays on the
 * server (docs/citations.md lists what was looked for and not found).
 */
export interface StatuteQuote {
  /** The citation exactly as the rules carry it. */
  citation: string;
  /** The statute's own words the rule rests on. */
  text: string;
  /** Where the text was read. */
  source: string;
}

const KL = 'Kommunallagen (2017:725)';
const SFS_2018_600 =
  'SFS 2018:600 Lag om ändring i kommunallagen (2017:725), 11 kap. 12, 14, 16 och 24 §§ (https://lagar.nj.se/kommunalratt/SFS2018-0600; https://www.lagboken.se/Lagboken/start/forvaltningsratt/kommunallag-2017725/d_3263034-sfs-2018_600-lag-om-andring-i-kommunallagen-2017_725)';

export const VERIFIED_CITATIONS: readonly StatuteQuote[] = [
  {
    citation: `${KL} 11 kap. 12 §`,
    text:
      'Om balanskravsresultatet enligt 11 kap. 10 § lagen (2018:597) om kommunal bokföring och redovisning för ett visst räkenskapsår är negativt, ska det regleras under de närmast följande tre åren. ' +
      'Fullmäktige ska anta en åtgärdsplan för hur regleringen ska ske. ' +
      'Beslut om reglering ska fattas senast i budgeten det tredje året efter det år då det negativa balanskravsresultatet uppkom.',
    source: SFS_2018_600,
  },
  {
    citation: `${KL} 11 kap. 16 §`,
    text:
      'Fullmäktige ska behandla minst en delårsrapport som upprättats enligt 13 kap. 1 § lagen (2018:597) om kommunal bokföring och redovisning. ' +
      'Styrelsen ska inom två månader efter utgången av den period av räkenskapsåret som delårsrapporten omfattar överlämna delårsrapporten till fullmäktige och revisorer.',
    source: SFS_2018_600,
  },
];

const BY_CITATION = new Map(VERIFIED_CITATIONS.map((q) => [q.citation, q]));

/** True only for a citation whose statute text is quoted in VERIFIED_CITATIONS. */
export function isVerifiedCitation(citation: string | null): boolean {
  return citation !== null && BY_CITATION.has(citation);
}

/** The quoted statute text behind a verified citation, or null. */
export function statuteQuote(citation: string): StatuteQuote | null {
  return BY_CITATION.get(citation) ?? null;
}

/** The citation when verified, else null: what a user-facing text may print (never an unverified one). */
export function verifiedCitationOrNull(citation: string): string | null {
  return isVerifiedCitation(citation) ? citation : null;
}

/** ` (citation)` after a sentence when the citation is verified, else nothing. */
export function citedInParentheses(citation: string): string {
  const verified = verifiedCitationOrNull(citation);
  return verified ? ` (${verified})` : '';
}
