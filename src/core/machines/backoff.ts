/**
 * Reconnect delays that double from `initialMs` up to `maxMs`, and start over after a success:
 * a lost agent is retried soon, a long-gone one no more often than every `maxMs`.
 */
export class Backoff {
  private delayMs: number;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
  ) {
    this.delayMs = initialMs;
  }

  /** The delay before the next attempt; each call doubles the one after, up to the cap. */
  next(): number {
    const delay = this.delayMs;
    this.delayMs = Math.min(this.maxMs, this.delayMs * 2);
    return delay;
  }

  /** Back to the first delay (the link came up). */
  reset(): void {
    this.delayMs = this.initialMs;
  }
}
