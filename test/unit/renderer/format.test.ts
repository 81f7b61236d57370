import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClockTime,
  formatCount,
  formatDuration,
  formatFraction,
  formatMegabytesPerSecond,
  formatMicroseconds,
  formatPercentOf100,
  formatRate,
  formatRatio,
  formatSeconds,
} from '../../../src/renderer/src/lib/format';
import { formatBytes as formatMessageSize } from '../../../src/shared/ipc-mechanisms';

describe('renderer number formats', () => {
  it('writes the same share the same way whether given as 0..1 or 0..100', () => {
    for (const share of [0, 0.005, 0.42, 0.925, 1, 1.5]) {
      expect(formatFraction(share)).toBe(formatPercentOf100(share * 100, 0));
      expect(formatFraction(share, 1)).toBe(formatPercentOf100(share * 100, 1));
    }
    expect(formatFraction(0.92)).toBe('92 %');
    expect(formatPercentOf100(92)).toBe('92 %');
    // Below 10 % one decimal keeps small loads visible.
    expect(formatPercentOf100(7.46)).toBe('7.5 %');
    expect(formatFraction(null)).toBe('—');
  });

  it('never shows a negative zero', () => {
    expect(formatPercentOf100(-0.01, 0)).toBe('0 %');
    expect(formatSeconds(-0.3, 0)).toBe('0 s');
    expect(formatSeconds(-12.4, 0)).toBe('-12 s');
  });

  it('writes sizes in binary units, exact sizes without a decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(4096)).toBe('4 KiB');
    expect(formatBytes(1.04 * 1024 * 1024)).toBe('1.0 MiB');
    expect(formatBytes(118.4 * 1024 * 1024)).toBe('118 MiB');
    expect(formatBytes(15.6 * 1024 ** 3)).toBe('16 GiB');
  });

  it('labels the message-size presets exactly as the validation errors name sizes', () => {
    // The IPC forms show these presets; an error such as "at least 64 B" must use the same text.
    for (const bytes of [64, 1024, 16 * 1024, 64 * 1024, 1024 * 1024, 4 * 1024 * 1024]) {
      expect(formatBytes(bytes)).toBe(formatMessageSize(bytes));
    }
  });

  it('writes rates, counts, ratios and throughput', () => {
    expect(formatCount(12_345.4)).toBe('12,345');
    expect(formatRate(5)).toBe('5.0/s');
    expect(formatRate(99.94)).toBe('99.9/s');
    expect(formatRate(12_345)).toBe('12,345/s');
    expect(formatRatio(0.834)).toBe('0.83×');
    expect(formatRatio(12.4)).toBe('12×');
    expect(formatRatio(null)).toBe('—');
    expect(formatMegabytesPerSecond(1_234_000)).toBe('1.23');
    expect(formatMegabytesPerSecond(45_600_000)).toBe('45.6');
    expect(formatMegabytesPerSecond(1_234_000_000)).toBe('1234');
  });

  it('writes durations from milliseconds, seconds and microseconds', () => {
    expect(formatDuration(850.4)).toBe('850 ms');
    expect(formatDuration(2410)).toBe('2.41 s');
    expect(formatDuration(65_000)).toBe('1 min 05 s');
    expect(formatSeconds(1.5, 1)).toBe('1.5 s');
    expect(formatSeconds(1.5)).toBe('1.50 s');
    expect(formatMicroseconds(45.24)).toBe('45.2 µs');
    expect(formatMicroseconds(812.3)).toBe('812 µs');
    expect(formatMicroseconds(12_500)).toBe('12.5 ms');
    expect(formatMicroseconds(null)).toBe('—');
  });

  it('writes a clock time without the date today and with it otherwise', () => {
    const now = Date.now();
    expect(formatClockTime(now)).toBe(new Date(now).toLocaleTimeString());
    const lastYear = now - 400 * 24 * 3600 * 1000;
    expect(formatClockTime(lastYear)).toBe(new Date(lastYear).toLocaleString());
  });

  it("writes a clock time the way the UI's language does, not the browser's", () => {
    const now = Date.now();
    expect(formatClockTime(now, 'zh-CN')).toBe(new Date(now).toLocaleTimeString('zh-CN'));
    expect(formatClockTime(now, 'zh-CN')).not.toBe(formatClockTime(now, 'en-US'));
  });
});
