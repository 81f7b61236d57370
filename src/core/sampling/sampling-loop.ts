/**
 * Runs a tick repeatedly, scheduling the next one only after the current one has finished,
 * so ticks never overlap however slow one is. Pause, resume and interval changes take effect
 * at once; a failing tick is reported and the loop goes on.
 */
export class SamplingLoop {
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopped = true;
  private pausedFlag = false;

  constructor(
    private readonly tick: () => void | Promise<void>,
    private interval: number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** The delay between the end of one tick and the start of the next, ms. */
  get intervalMs(): number {
    return this.interval;
  }

  /** True while paused. */
  get paused(): boolean {
    return this.pausedFlag;
  }

  /** Starts ticking (the first tick runs after one interval). */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** Stops for good; a tick in progress finishes but schedules nothing. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /** Stops ticking until resume(). */
  pause(): void {
    this.pausedFlag = true;
    this.clearTimer();
  }

  /** Starts ticking again after pause(). */
  resume(): void {
    if (!this.pausedFlag) return;
    this.pausedFlag = false;
    this.schedule();
  }

  /** Changes the interval; a pending tick is rescheduled with the new delay. */
  setInterval(intervalMs: number): void {
    this.interval = intervalMs;
    this.schedule();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.clearTimer();
    // A tick in progress schedules the next one itself when it finishes.
    if (this.stopped || this.pausedFlag || this.ticking) return;
    this.timer = setTimeout(() => void this.runTick(), this.interval);
  }

  private async runTick(): Promise<void> {
    this.timer = undefined;
    this.ticking = true;
    try {
      await this.tick();
    } catch (error) {
      this.onError(error);
    } finally {
      this.ticking = false;
      this.schedule();
    }
  }
}
