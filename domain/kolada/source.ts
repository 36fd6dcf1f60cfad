const date = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' });

/** The attribution Kolada asks for, with KPI and fetch date: `Källa: Kolada (N00945, hämtat 2 december 2026)`. */
export function koladaSourceText(kpiId: string, fetchedAt: string): string {
  return `Källa: Kolada (${kpiId}, hämtat ${date.format(new Date(fetchedAt))})`;
}
