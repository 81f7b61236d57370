import { describe, expect, it } from 'vitest';
import { THEMES, type ThemeName } from '../../../src/renderer/src/theme/palette';
import { judgeRatio } from '../../../src/renderer/src/lib/verdict';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (match === null) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((part) => {
    const c = parseInt(part, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours, 1 to 21. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const themes = Object.keys(THEMES) as ThemeName[];

describe('WCAG contrast helper', () => {
  it('matches known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#123456', '#123456')).toBe(1);
  });
});

describe.each(themes)('the %s theme', (name) => {
  const { page, graphic } = THEMES[name];
  // Graphics are drawn on panels, and canvases inside panels sit on the field colour.
  const surfaces = { panel: page.panel, field: page.field, bg: page.bg };
  const graphics: [string, string][] = [
    ...graphic.series.map((color, index): [string, string] => [`series ${index}`, color]),
    ...(
      [
        'running',
        'ready',
        'blocked',
        'start',
        'end',
        'total',
        'baseline',
        'blue',
        'amber',
        'green',
        'yellow',
        'purple',
        'red',
      ] as const
    ).map((key): [string, string] => [key, graphic[key]]),
  ];

  it.each(graphics)('graphic %s (%s) stands out at 3:1 on every surface', (_, color) => {
    for (const [surface, background] of Object.entries(surfaces)) {
      expect(contrast(color, background), `${color} on ${surface} ${background}`).toBeGreaterThan(
        3,
      );
    }
  });

  it('tells the three thread states apart by colour too', () => {
    const states = new Set([graphic.running, graphic.ready, graphic.blocked]);
    expect(states.size).toBe(3);
  });

  const texts = (['text', 'muted', 'accent', 'danger', 'ok', 'warning'] as const).map(
    (key): [string, string] => [key, page[key]],
  );
  const textSurfaces = { ...surfaces, rowHover: page.rowHover, rowTracked: page.rowTracked };

  it.each(texts)('text colour %s (%s) reads at 4.5:1 on every surface', (_, color) => {
    for (const [surface, background] of Object.entries(textSurfaces)) {
      expect(contrast(color, background), `${color} on ${surface} ${background}`).toBeGreaterThan(
        4.5,
      );
    }
  });

  it('badges and the replay bar keep text at 4.5:1', () => {
    expect(contrast(page.badgeText, page.badgeBg)).toBeGreaterThan(4.5);
    expect(contrast(page.replayBadgeText, page.replayBadgeBg)).toBeGreaterThan(4.5);
    for (const key of ['text', 'muted', 'danger', 'warning'] as const) {
      expect(contrast(page[key], page.replayBg), `${key} on the replay bar`).toBeGreaterThan(4.5);
    }
  });
});

describe('verdicts against a limit', () => {
  it('gives 1.50× and 1.51× the same verdict: both within noise of a 1.5× limit', () => {
    expect(judgeRatio(1.5, 1.5, 'lower')).toBe('close');
    expect(judgeRatio(1.51, 1.5, 'lower')).toBe('close');
  });

  it('is sure only well clear of the limit, either way', () => {
    expect(judgeRatio(1.1, 1.5, 'lower')).toBe('good');
    expect(judgeRatio(2.5, 1.5, 'lower')).toBe('bad');
    expect(judgeRatio(0.95, 0.7, 'higher')).toBe('good');
    expect(judgeRatio(0.4, 0.7, 'higher')).toBe('bad');
    expect(judgeRatio(0.7, 0.7, 'higher')).toBe('close');
  });
});
