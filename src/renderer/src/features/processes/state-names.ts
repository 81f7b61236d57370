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
