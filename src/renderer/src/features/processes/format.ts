/** CPU % as text, one decimal below 10. */
export function formatPercent(value: number): string {
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)} %`;
}

/** Bytes as B / KiB / MiB / GiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : value.toFixed(0)} ${units[unit]}`;
}

/** A rate per second, compact. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k/s`;
  return `${perSecond < 10 ? perSecond.toFixed(1) : perSecond.toFixed(0)}/s`;
}

/** A start time as local clock time, or date and time when not today. */
export function formatStart(time: number): string {
  const date = new Date(time);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? date.toLocaleTimeString()
    : date.toLocaleString();
}

/** The long name of a one-letter process state. */
export function stateName(letter: string): string {
  const names: Record<string, string> = {
    R: 'running or runnable',
    S: 'sleeping (waiting for an event)',
    D: 'blocked on I/O (uninterruptible)',
    Z: 'zombie (ended, not yet reaped)',
    T: 'stopped',
    t: 'stopped by a debugger',
    I: 'idle kernel thread',
    X: 'dead',
    '?': 'state unavailable on this OS',
  };
  return names[letter] ?? letter;
}
