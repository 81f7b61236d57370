/** A distinct, stable colour for series `index` of `count` (spreads hues evenly). */
export function seriesColor(index: number, count: number): string {
  const hue = Math.round((index * 360) / Math.max(count, 1) + 200) % 360;
  return `hsl(${hue} 70% 60%)`;
}

/** The colour of "total" lines, drawn over the per-series ones. */
export const TOTAL_COLOR = '#f5f7fa';
