import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Swedish number and time formats for Vega (d3-format / d3-time-format locales). */
const SV_LOCALE = {
  number: { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', '\u00a0kr'], minus: '\u2212' },
  time: {
    dateTime: '%A %e %B %Y kl. %X',
    date: '%Y-%m-%d',
    time: '%H:%M:%S',
    periods: ['fm', 'em'],
    days: ['söndag', 'måndag', 'tisdag', 'onsdag', 'torsdag', 'fredag', 'lördag'],
    shortDays: ['sön', 'mån', 'tis', 'ons', 'tor', 'fre', 'lör'],
    months: [
      'januari',
      'februari',
      'mars',
      'april',
      'maj',
      'juni',
      'juli',
      'augusti',
      'september',
      'oktober',
      'november',
      'december',
    ],
    shortMonths: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  },
};

/** The look every chart shares: a readable sans-serif, no chart junk, room for Swedish labels. */
const CONFIG = {
  font: 'DejaVu Sans, Arial, sans-serif',
  background: 'white',
  padding: 12,
  title: { fontSize: 15, anchor: 'start', offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260, gridColor: '#e5e5e5' },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: 'bottom', labelLimit: 640 },
  view: { stroke: null },
} as const;

/**
 * Renders a Vega-Lite spec to SVG on the server: compiled to Vega and run headless (renderer 'none'
 * needs no canvas), with Swedish number and date formats.
 */
export async function vegaLiteToSvg(
  spec: TopLevelSpec,
  a11y: { id: string; title: string; description: string },
): Promise<string> {
  const full = {
    ...spec,
    config: { ...CONFIG, ...(spec.config ?? {}) },
  } as TopLevelSpec;
  const compiled = compile(full).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', locale: SV_LOCALE } as never);
  try {
    const svg = await view.toSVG();
    return withAccessibleName(svg, a11y);
  } finally {
    view.finalize();
  }
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** role="img" with a <title> and <desc>, so the SVG itself carries its text alternative. */
function withAccessibleName(svg: string, a: { id: string; title: string; description: string }): string {
  const t = `${a.id}-title`;
  const d = `${a.id}-desc`;
  return svg.replace(
    /^<svg([^>]*)>/,
    (_m, attrs: string) =>
      `<svg${attrs} role="img" aria-labelledby="${t} ${d}" lang="sv"><title id="${t}">${escapeXml(a.title)}</title><desc id="${d}">${escapeXml(a.description)}</desc>`,
  );
}
