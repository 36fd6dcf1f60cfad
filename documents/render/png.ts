import { Resvg } from '@resvg/resvg-js';

/** A chart's SVG as PNG (for Word, which shows SVG poorly), at twice its size for print. */
export function svgToPng(svg: string): { png: Buffer; width: number; height: number } {
  const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 600);
  const height = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 400);
  const rendered = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  }).render();
  return { png: Buffer.from(rendered.asPng()), width, height };
}
