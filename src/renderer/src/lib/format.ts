import { formatCount } from '../../../shared/count-format';

/**
 * How the renderer writes numbers. Each name says the unit it takes, so a share (0..1) is never
 * passed where a percentage (0..100) is expected.
 */

// Counts are written the same way by the lab's own texts (src/shared), so the formatter is there.
export { formatCount };

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Rounds for display without a "-0" for a small negative value (toFixed keeps the sign). */
function fixed(value: number, decimals: number): string {
  return (Math.abs(value) < 0.5 * 10 ** -decimals ? 0 : value).toFixed(decimals);
}

/** A percentage given as 0..100: "7.5 %", "42 %"; one decimal below 10 unless `decimals` is set. */
export function formatPercentOf100(percent: number, decimals?: number): string {
  return `${fixed(percent, decimals ?? (percent < 10 ? 1 : 0))} %`;
}

/** A share given as 0..1, as a percentage: 0.92 → "92 %"; "—" when unknown. */
export function formatFraction(share: number | null, decimals = 0): string {
  return share === null ? '—' : `${fixed(share * 100, decimals)} %`;
}

/**
 * A size in bytes, in binary units: "64 B", "1 MiB", "1.5 MiB", "118 MiB". One decimal below 10,
 * dropped when the size is a whole number of the unit, so "1 MiB" is exact and "1.0 MiB" is not.
 */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const decimals = value < 10 && unit > 0 && !Number.isInteger(value) ? 1 : 0;
  return `${value.toFixed(decimals)} ${BYTE_UNITS[unit]}`;
}

/** Bytes per second as a bare MB/s figure (10^6 B, like the benchmarks); the label says "MB/s". */
export function formatMegabytesPerSecond(bytesPerSecond: number): string {
  const mb = bytesPerSecond / 1e6;
  return mb.toFixed(mb >= 100 ? 0 : mb >= 10 ? 1 : 2);
}

/** Events per second: "1,234/s" from 100 up, "12.3/s" below. */
export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? `${formatCount(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

/** A ratio (1 = the same): "0.83×", "12×"; "—" when unknown. */
export function formatRatio(value: number | null): string {
  if (value === null) return '—';
  return value >= 10 ? `${Math.round(value)}×` : `${value.toFixed(2)}×`;
}

/** A duration in milliseconds: "850 ms", "2.41 s", "1 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** A time in seconds with fixed decimals, for chart axes: "1.5 s", "-12 s". */
export function formatSeconds(seconds: number, decimals = 2): string {
  return `${fixed(seconds, decimals)} s`;
}

/** A time in microseconds: "45.2 µs", "812 µs", switching to ms from 10 ms; "—" when unknown. */
export function formatMicroseconds(us: number | null | undefined): string {
  if (us === null || us === undefined) return '—';
  if (us >= 10_000) return `${(us / 1000).toFixed(1)} ms`;
  return us >= 100 ? `${us.toFixed(0)} µs` : `${us.toFixed(1)} µs`;
}

/**
 * A wall-clock time in ms since the epoch: local time of day, or date and time if not today,
 * written the way `locale` (the UI's language) writes times; the browser's own when omitted.
 */
export function formatClockTime(epochMs: number, locale?: string): string {
  const date = new Date(epochMs);
  const today = date.toDateString() === new Date().toDateString();
  return clockFormat(locale, today).format(date);
}

// Formatters by locale, kept: toLocaleTimeString builds one per call, and the process table
// writes a start time in every row it re-renders.
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** What toLocaleTimeString (`timeOnly`) or toLocaleString use for `locale`, built once. */
function clockFormat(locale: string | undefined, timeOnly: boolean): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeOnly ? 'time' : 'all'}`;
  let format = clockFormats.get(key);
  if (format === undefined) {
    const time = { hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;
    const day = { year: 'numeric', month: 'numeric', day: 'numeric' } as const;
    format = new Intl.DateTimeFormat(locale, timeOnly ? time : { ...day, ...time });
    clockFormats.set(key, format);
  }
  return format;
}
