import { describe, expect, it } from 'vitest';
import { shownCommand } from '../../../src/renderer/src/features/processes/command-text';

const LONG = `/usr/lib/chromium/chromium --type=renderer ${'--flag=value '.repeat(80)}`.trim();

describe('shownCommand: how much of a command its table cell holds', () => {
  it('holds the whole command until the column is measured', () => {
    expect(shownCommand(LONG, null)).toBe(LONG);
  });

  it('holds a command that fits the column whole', () => {
    expect(shownCommand('sleep 600', 200)).toBe('sleep 600');
  });

  it('cuts a long command past the most characters the column can show', () => {
    const shown = shownCommand(LONG, 200);
    expect(LONG.length).toBeGreaterThan(1000);
    expect(LONG.startsWith(shown)).toBe(true);
    // 2 px is narrower than any glyph of 12 px text: 200 px never shows 100 characters.
    expect(shown.length).toBeGreaterThanOrEqual(100);
    expect(shown.length).toBeLessThan(200);
    // A wider column holds more.
    expect(shownCommand(LONG, 1200).length).toBeGreaterThan(shown.length + 400);
  });

  it('never ends in half a surrogate pair', () => {
    const limit = shownCommand('x'.repeat(1000), 200).length;
    const emoji = `${'x'.repeat(limit - 1)}${'😀'.repeat(10)}`;
    const shown = shownCommand(emoji, 200);
    expect(shown).toBe('x'.repeat(limit - 1));
    expect(shownCommand(`${'x'.repeat(limit - 2)}${'😀'.repeat(10)}`, 200)).toBe(
      `${'x'.repeat(limit - 2)}😀`,
    );
  });

  it('treats a zero or negative width as a narrow column, not as no cut', () => {
    expect(shownCommand(LONG, 0).length).toBeLessThan(LONG.length);
    expect(shownCommand(LONG, -5)).toBe(shownCommand(LONG, 0));
  });
});
