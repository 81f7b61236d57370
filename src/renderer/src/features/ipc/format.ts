/** How the IPC tab writes its figures. */

/** Bytes per second as MB/s (10^6, like the benchmarks). */
export function mbPerSec(bytesPerSec: number): string {
  const mb = bytesPerSec / 1e6;
  return mb >= 100 ? mb.toFixed(0) : mb >= 10 ? mb.toFixed(1) : mb.toFixed(2);
}

/** A count with thousands separators. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Microseconds, switching to ms above 10 ms. */
export function micros(us: number | null | undefined): string {
  if (us === null || us === undefined) return '—';
  if (us >= 10_000) return `${(us / 1000).toFixed(1)} ms`;
  return us >= 100 ? `${us.toFixed(0)} µs` : `${us.toFixed(1)} µs`;
}

/** A ratio like 0.83× . */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** A share 0..1 as a percentage. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(0)} %`;
}
