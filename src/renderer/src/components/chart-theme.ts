/**
 * The colours of every chart, in one place so the charts match each other and the page
 * (styles.css: --muted is the axis colour, --border the grid, --text the labels).
 */

/** Named series colours; a chart picks by meaning (mechanism vs baseline, start vs stop). */
export const PALETTE = {
  blue: '#5aa9ff',
  /** A darker blue: the baseline beside a `blue` bar. */
  blueDim: '#2d5680',
  green: '#4cc38a',
  /** A darker green: the baseline beside a `green` bar. */
  greenDim: '#2a6b4c',
  lightGreen: '#7bd88f',
  amber: '#f5a524',
  yellow: '#f2b134',
  purple: '#c678dd',
  violet: '#c77dff',
  red: '#ff6b6b',
  slate: '#3a4a5c',
} as const;

/** Axes, grid, labels and tooltip of every recharts chart. */
export const CHART_THEME = {
  axis: '#8a94a3',
  grid: '#2a3038',
  gridDash: '3 3',
  /** Text drawn on the chart, such as bar value labels. */
  text: '#e6e9ee',
  tooltip: { background: '#1a1f26', border: '1px solid #333' },
} as const;

/** Props of every chart's <CartesianGrid>: faint dashed lines. */
export const GRID_PROPS = { stroke: CHART_THEME.grid, strokeDasharray: CHART_THEME.gridDash };

/** The colour of "total" lines, drawn over the per-series ones. */
export const TOTAL_COLOR = '#f5f7fa';

/** Colours of the three thread states, shared by the state strips and their legend. */
export const STATE_COLORS = {
  running: PALETTE.green,
  ready: PALETTE.yellow,
  blocked: PALETTE.slate,
} as const;

/** A distinct, stable colour for series `index` of `count` (spreads hues evenly). */
export function seriesColor(index: number, count: number): string {
  const hue = Math.round((index * 360) / Math.max(count, 1) + 200) % 360;
  return `hsl(${hue} 70% 60%)`;
}
