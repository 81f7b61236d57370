/**
 * Readable names for Linux process state letters, as label values: a PromQL reader writes
 * `state="disk_sleep"`, not a letter whose case matters (t and T differ).
 */
const NAMES: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk_sleep',
  Z: 'zombie',
  T: 'stopped',
  t: 'tracing_stop',
  I: 'idle',
  X: 'dead',
  W: 'paging',
  P: 'parked',
  K: 'wakekill',
};

/** The label value for a state letter; 'unknown' for '?' and anything unlisted. */
export function processStateName(letter: string): string {
  return NAMES[letter] ?? 'unknown';
}
