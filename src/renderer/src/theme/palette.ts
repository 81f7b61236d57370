/**
 * Every colour of the app, for both themes, in one place: the page reads them as CSS custom
 * properties (set by theme-store.ts) and the canvas charts read them directly. Series and
 * states use the Okabe–Ito palette (told apart with any common colour-vision deficiency); the
 * light theme darkens its hues so each still stands out at 3:1 on a white panel.
 */

/** The two themes. */
export type ThemeName = 'light' | 'dark';

/** The page's colours; each becomes a CSS custom property (see cssVariables). */
export interface PageColors {
  bg: string;
  panel: string;
  /** Inputs, and the background of the canvases drawn inside a panel. */
  field: string;
  border: string;
  text: string;
  muted: string;
  accent: string;
  danger: string;
  /** A good verdict's text (always beside a ✓). */
  ok: string;
  warning: string;
  rowHover: string;
  rowTracked: string;
  badgeBg: string;
  badgeText: string;
  replayBg: string;
  replayBorder: string;
  replayBadgeBg: string;
  replayBadgeText: string;
  /** A run's label chip, tinted like its span on the CPU chart. */
  spanChip: string;
}

/** What the charts draw: every entry but `axis`, `grid` and `spanFills` is a graphic at 3:1. */
export interface GraphicColors {
  /** One per core or per series, in order; cycles when there are more. */
  series: readonly string[];
  running: string;
  ready: string;
  blocked: string;
  /** Where a worker started and ended. */
  start: string;
  end: string;
  /** "total" and "whole machine" lines, drawn over the per-series ones. */
  total: string;
  /** The baseline bar beside a mechanism's bar. */
  baseline: string;
  blue: string;
  amber: string;
  green: string;
  yellow: string;
  purple: string;
  red: string;
  axis: string;
  grid: string;
  /** Two tints taking turns, so back-to-back runs read as two spans. */
  spanFills: readonly [string, string];
}

/** One theme: the page's colours and the charts'. */
export interface ThemeColors {
  page: PageColors;
  graphic: GraphicColors;
}

const DARK: ThemeColors = {
  page: {
    bg: '#101418',
    panel: '#171c22',
    field: '#0d1115',
    border: '#2a3038',
    text: '#e6e9ee',
    muted: '#9aa4b2',
    accent: '#5aa9ff',
    danger: '#ff7b7b',
    ok: '#4cc38a',
    warning: '#ffb86b',
    rowHover: '#1d242c',
    rowTracked: '#16283a',
    badgeBg: '#24507a',
    badgeText: '#e8f1ff',
    replayBg: '#2b2110',
    replayBorder: '#7a5a1c',
    replayBadgeBg: '#ffb86b',
    replayBadgeText: '#101418',
    spanChip: 'rgba(86, 180, 233, 0.18)',
  },
  graphic: {
    series: ['#56b4e9', '#e69f00', '#009e73', '#f0e442', '#cc79a7', '#d55e00', '#0072b2'],
    running: '#009e73',
    ready: '#e69f00',
    blocked: '#9aa4b2',
    start: '#56b4e9',
    end: '#d55e00',
    total: '#f5f7fa',
    baseline: '#9aa4b2',
    blue: '#56b4e9',
    amber: '#e69f00',
    green: '#009e73',
    yellow: '#f0e442',
    purple: '#cc79a7',
    red: '#d55e00',
    axis: '#9aa4b2',
    grid: '#2a3038',
    spanFills: ['rgba(86, 180, 233, 0.13)', 'rgba(204, 121, 167, 0.13)'],
  },
};

const LIGHT: ThemeColors = {
  page: {
    bg: '#f4f6f8',
    panel: '#ffffff',
    field: '#f7f9fb',
    border: '#c5ccd5',
    text: '#1b1f24',
    muted: '#555f6d',
    accent: '#0b63c4',
    danger: '#b3261e',
    ok: '#1a6e47',
    warning: '#8a5300',
    rowHover: '#eef2f6',
    rowTracked: '#e3eefb',
    badgeBg: '#cfe2fb',
    badgeText: '#0b2a4d',
    replayBg: '#fff4de',
    replayBorder: '#c08a2a',
    replayBadgeBg: '#8a5300',
    replayBadgeText: '#ffffff',
    spanChip: 'rgba(47, 134, 189, 0.16)',
  },
  graphic: {
    series: ['#2f86bd', '#a86400', '#007d5b', '#8c7d00', '#b0478a', '#c24e00', '#0a4f85'],
    running: '#007d5b',
    ready: '#a86400',
    blocked: '#6b7480',
    start: '#2f86bd',
    end: '#c24e00',
    total: '#1b1f24',
    baseline: '#6b7480',
    blue: '#2f86bd',
    amber: '#a86400',
    green: '#007d5b',
    yellow: '#8c7d00',
    purple: '#b0478a',
    red: '#c24e00',
    axis: '#555f6d',
    grid: '#dde2e8',
    spanFills: ['rgba(47, 134, 189, 0.12)', 'rgba(176, 71, 138, 0.12)'],
  },
};

/** Both themes' colours. */
export const THEMES: Readonly<Record<ThemeName, ThemeColors>> = { dark: DARK, light: LIGHT };

/** The page colours as CSS custom properties: rowHover becomes --row-hover. */
export function cssVariables(page: PageColors): [string, string][] {
  return Object.entries(page).map(([key, value]) => [
    `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`,
    value,
  ]);
}
