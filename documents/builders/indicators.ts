/** Indicator trends for a document: all indicators in one chart, then each Kolada-bound one against its comparisons. */
import { indicatorTrendChart } from '../charts/charts';
import { koladaComparisonChart } from '../charts/kolada-chart';
import type { IndicatorSeries } from '../figures';
import type { Block } from '../model';

export async function indicatorBlocks(
  idPrefix: string,
  title: string,
  series: IndicatorSeries[],
): Promise<Block[]> {
  const blocks: Block[] = [await indicatorTrendChart(`${idPrefix}-indikatorer`, title, series)];
  for (const s of series) {
    const comparison = koladaComparisonChart(`${idPrefix}-kolada-${s.indicatorId}`, s);
    if (comparison) blocks.push(await comparison);
  }
  return blocks;
}
