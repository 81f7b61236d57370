import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatClockTime, formatCount, formatRate } from '../../../src/renderer/src/lib/format';

afterEach(() => vi.restoreAllMocks());

describe('live-view number and time formats', () => {
  it('write what toLocaleString writes', () => {
    for (const value of [0, 7, 999.4, 1234.5, 98_765_432, -1500])
      expect(formatCount(value)).toBe(Math.round(value).toLocaleString('en-US'));
    expect(formatRate(2068.4)).toBe('2,068/s');
    const now = Date.now();
    const lastYear = now - 400 * 86_400_000;
    for (const locale of [undefined, 'en', 'zh-CN']) {
      expect(formatClockTime(now, locale)).toBe(new Date(now).toLocaleTimeString(locale));
      expect(formatClockTime(lastYear, locale)).toBe(new Date(lastYear).toLocaleString(locale));
    }
  });

  it('reuse their formatters instead of building one per call (the table formats every tick)', () => {
    // toLocale*String builds a new Intl formatter on every call; the live views must not use it.
    const numbers = vi.spyOn(Number.prototype, 'toLocaleString');
    const times = vi.spyOn(Date.prototype, 'toLocaleTimeString');
    const dates = vi.spyOn(Date.prototype, 'toLocaleString');
    for (let i = 0; i < 50; i += 1) {
      formatCount(i * 1000);
      formatRate(100 + i);
      formatClockTime(Date.now() - i, 'en');
      formatClockTime(0, 'en');
    }
    expect(numbers).not.toHaveBeenCalled();
    expect(times).not.toHaveBeenCalled();
    expect(dates).not.toHaveBeenCalled();
  });
});
