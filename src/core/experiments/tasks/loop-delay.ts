import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { LoopDelay } from '../../../shared/task-lanes';

/**
 * Event-loop delay of the thread it runs on, from Node's monitorEventLoopDelay: a timer due
 * every RESOLUTION_MS records how late it fired. Two histograms: one reset at each interval
 * report (the live figure), one for the whole run (the result).
 */

/** The monitor's timer period, ms: finer costs more wake-ups, coarser misses short stalls. */
export const LOOP_DELAY_RESOLUTION_MS = 10;
/** About how often the live figure is reported. */
export const LOOP_DELAY_REPORT_MS = 1000;

const NS_PER_MS = 1e6;

/**
 * The histogram holds the time between the timer's firings, the period included: the delay is
 * what exceeds the period.
 */
function lateMs(ns: number): number {
  return Math.max(0, ns / NS_PER_MS - LOOP_DELAY_RESOLUTION_MS);
}

function summary(histogram: IntervalHistogram): LoopDelay {
  const count = histogram.count;
  if (count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0, count: 0 };
  return {
    p50Ms: lateMs(histogram.percentile(50)),
    p99Ms: lateMs(histogram.percentile(99)),
    maxMs: lateMs(histogram.max),
    count,
  };
}

/** Watches this thread's event loop from start() until stop(). */
export class LoopDelayMonitor {
  private readonly interval = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  private readonly whole = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  private timer: NodeJS.Timeout | null = null;
  private lastReport = 0;

  constructor(private readonly onInterval: (delay: LoopDelay) => void) {}

  /** Starts both histograms and the periodic report (a loop busy with work reports via poll()). */
  start(): void {
    this.interval.enable();
    this.whole.enable();
    this.lastReport = performance.now();
    this.timer = setInterval(() => this.poll(), LOOP_DELAY_REPORT_MS);
    this.timer.unref();
  }

  /**
   * Reports the interval when one is due. The loop calls it between tasks too: a loop that
   * seldom reaches its timers (long CPU or blocking tasks) would otherwise report late.
   */
  poll(): void {
    const now = performance.now();
    if (this.timer === null || now - this.lastReport < LOOP_DELAY_REPORT_MS) return;
    this.lastReport = now;
    this.onInterval(summary(this.interval));
    this.interval.reset();
  }

  /** Stops; returns the whole run's figure (the last interval is reported first). */
  stop(): LoopDelay {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.interval.disable();
    this.whole.disable();
    if (this.interval.count > 0) this.onInterval(summary(this.interval));
    return summary(this.whole);
  }
}
