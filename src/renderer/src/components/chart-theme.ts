import { themeColors } from '../theme/theme-store';

/**
 * The colours of every chart, read from the theme on screen each time they are used (so a
 * canvas drawn after a theme change, or a component rendered after it, gets the new colours).
 * The values live in theme/palette.ts.
 */

/** Named series colours; a chart picks by meaning (mechanism vs baseline, start vs end). */
export const PALETTE = {
  get blue(): string {
    return themeColors().graphic.blue;
  },
  get amber(): string {
    return themeColors().graphic.amber;
  },
  get green(): string {
    return themeColors().graphic.green;
  },
  get yellow(): string {
    return themeColors().graphic.yellow;
  },
  get purple(): string {
    return themeColors().graphic.purple;
  },
  get red(): string {
    return themeColors().graphic.red;
  },
  /** The baseline bar beside a mechanism's (grey, so it differs by more than lightness). */
  get baseline(): string {
    return themeColors().graphic.baseline;
  },
  /** Where a worker started. */
  get start(): string {
    return themeColors().graphic.start;
  },
  /** Where a worker ended. */
  get end(): string {
    return themeColors().graphic.end;
  },
  /** "total" lines, drawn over the per-series ones. */
  get total(): string {
    return themeColors().graphic.total;
  },
  /** A run's two alternating span tints on the CPU chart. */
  get spanFills(): readonly [string, string] {
    return themeColors().graphic.spanFills;
  },
};

/** Axes, grid, labels and tooltip of every chart. */
export const CHART_THEME = {
  get axis(): string {
    return themeColors().graphic.axis;
  },
  get grid(): string {
    return themeColors().graphic.grid;
  },
  gridDash: '3 3',
  /** Text drawn on the chart, such as bar value labels. */
  get text(): string {
    return themeColors().page.text;
  },
  get tooltip(): { background: string; border: string; color: string } {
    const { page } = themeColors();
    return { background: page.panel, border: `1px solid ${page.border}`, color: page.text };
  },
};

/** Props of every chart's <CartesianGrid>: faint dashed lines. Spread it at render time. */
export const GRID_PROPS = {
  get stroke(): string {
    return CHART_THEME.grid;
  },
  strokeDasharray: CHART_THEME.gridDash,
};

/** Colours of the three thread states, shared by the state strips, the lanes and legends. */
export const STATE_COLORS = {
  get running(): string {
    return themeColors().graphic.running;
  },
  get ready(): string {
    return themeColors().graphic.ready;
  },
  get blocked(): string {
    return themeColors().graphic.blocked;
  },
};

/**
 * A stable colour for series `index` (of `count`, kept for callers): the palette's colours in
 * turn, so neighbours always differ; past the palette's length they repeat.
 */
export function seriesColor(index: number, _count: number): string {
  const { series } = themeColors().graphic;
  return series[index % series.length] ?? series[0] ?? CHART_THEME.axis;
}
