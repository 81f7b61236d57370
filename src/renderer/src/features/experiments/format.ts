/** Display helpers for experiment figures. */

/** "850 ms", "2.41 s", "1 min 05 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** "118 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

/** "12,345". */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** "1.8×", or "—" when unknown. */
export function formatRatio(value: number | null): string {
  if (value === null) return '—';
  return value >= 10 ? `${Math.round(value)}×` : `${value.toFixed(2)}×`;
}

/** "92 %", or "—" when unknown. */
export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)} %`;
}

/** "1,234/s" with sensible precision. */
export function formatRate(perSecond: number): string {
  return perSecond >= 100 ? `${formatCount(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}
