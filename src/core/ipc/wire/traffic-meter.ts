import { performance } from 'node:perf_hooks';
import type { IpcCorrectness, IpcTrafficSample, SignalCounts } from '../../../shared/ipc-results';
import type { IpcMechanism, IpcMode } from '../../../shared/ipc-mechanisms';
import { LatencyHistogram, type HistogramDelta } from './latency-histogram';

/** Counts a meter keeps; also what a worker sends the runner as a delta. */
export interface TrafficCounts {
  bytes: number;
  messages: number;
  received: number;
  lost: number;
  duplicated: number;
  corrupted: number;
}

/** A delta from another thread or process: counts plus latency samples. */
export interface TrafficDelta {
  counts: TrafficCounts;
  latency: HistogramDelta | null;
}

/** Zeroed counts. */
export function emptyCounts(): TrafficCounts {
  return { bytes: 0, messages: 0, received: 0, lost: 0, duplicated: 0, corrupted: 0 };
}

/**
 * Checks sequence numbers per producer. Every channel here keeps order, so a number below the
 * next expected one is a duplicate and a jump ahead is a gap of lost messages.
 */
export class SequenceLedger {
  private readonly expected = new Map<number, number>();
  readonly counts = emptyCounts();

  /** Records one arrived message. */
  data(producer: number, seq: number, bytes: number, intact: boolean): void {
    this.counts.bytes += bytes;
    this.counts.messages += 1;
    if (!intact) {
      this.counts.corrupted += 1;
      return;
    }
    const next = this.expected.get(producer) ?? 0;
    if (seq === next) {
      this.counts.received += 1;
      this.expected.set(producer, next + 1);
    } else if (seq > next) {
      this.counts.lost += seq - next;
      this.counts.received += 1;
      this.expected.set(producer, seq + 1);
    } else {
      this.counts.duplicated += 1;
    }
  }

  /** A producer says it sent `sent` messages: the ones never seen at the tail are lost. */
  end(producer: number, sent: number): void {
    const next = this.expected.get(producer) ?? 0;
    if (sent > next) this.counts.lost += sent - next;
    this.expected.set(producer, Math.max(next, sent));
  }
}

/**
 * The live meter of one run: totals, rates over each interval from monotonic deltas, round-trip
 * latency (per interval and overall) and signal counts. Local consumers write its ledger
 * directly; workers and peers send deltas that are merged in.
 */
export class TrafficMeter {
  readonly ledger = new SequenceLedger();
  readonly latencyTotal = new LatencyHistogram();
  private readonly latencyInterval = new LatencyHistogram();
  private readonly remote = emptyCounts();
  /** Messages the producers say they sent. */
  sent = 0;
  signals: SignalCounts | null = null;
  private startedAt: number | null = null;
  private lastAt = 0;
  private lastBytes = 0;
  private lastMessages = 0;
  private finishedAt: number | null = null;

  constructor(
    private readonly runId: string,
    private readonly mechanism: IpcMechanism,
    private readonly mode: IpcMode,
  ) {}

  /** Marks the moment producers were told to go: rates and elapsed time count from here. */
  markStart(): void {
    this.startedAt = performance.now();
    this.lastAt = this.startedAt;
  }

  /** Marks the moment the last message arrived. */
  markFinish(): void {
    this.finishedAt ??= performance.now();
  }

  /** Records one round-trip time in microseconds. */
  recordLatency(us: number): void {
    this.latencyTotal.record(us);
    this.latencyInterval.record(us);
  }

  /** Merges a delta from a worker or peer. */
  merge(delta: TrafficDelta): void {
    for (const key of Object.keys(this.remote) as (keyof TrafficCounts)[]) {
      this.remote[key] += delta.counts[key];
    }
    if (delta.latency) {
      this.latencyTotal.merge(delta.latency);
      this.latencyInterval.merge(delta.latency);
    }
  }

  /** Local and merged counts together. */
  totals(): TrafficCounts {
    const local = this.ledger.counts;
    const out = emptyCounts();
    for (const key of Object.keys(out) as (keyof TrafficCounts)[]) {
      out[key] = local[key] + this.remote[key];
    }
    return out;
  }

  /** Correctness counters as the contract shows them. */
  correctness(): IpcCorrectness {
    const t = this.totals();
    const signals = this.signals;
    if (signals) {
      const sent = signals.sent.SIGUSR1 + signals.sent.SIGUSR2;
      const delivered = signals.delivered.SIGUSR1 + signals.delivered.SIGUSR2;
      return {
        sent,
        received: delivered,
        lost: Math.max(0, sent - delivered),
        duplicated: 0,
        corrupted: 0,
      };
    }
    return {
      sent: this.sent,
      received: t.received,
      lost: t.lost,
      duplicated: t.duplicated,
      corrupted: t.corrupted,
    };
  }

  /** Milliseconds from start to finish (or to now while running). */
  elapsedMs(): number {
    if (this.startedAt === null) return 0;
    return (this.finishedAt ?? performance.now()) - this.startedAt;
  }

  /** One `ipc:traffic` tick; resets the interval's rates and latency. */
  sample(): IpcTrafficSample {
    const now = performance.now();
    const t = this.totals();
    const intervalMs = this.startedAt === null ? 0 : now - this.lastAt;
    const seconds = intervalMs / 1000;
    const sample: IpcTrafficSample = {
      runId: this.runId,
      mechanism: this.mechanism,
      mode: this.mode,
      time: Date.now(),
      elapsedMs: this.elapsedMs(),
      intervalMs,
      bytesPerSec: seconds > 0 ? (t.bytes - this.lastBytes) / seconds : 0,
      messagesPerSec: seconds > 0 ? (t.messages - this.lastMessages) / seconds : 0,
      totalBytes: t.bytes,
      totalMessages: t.messages,
      correctness: this.correctness(),
      latency: this.latencyInterval.summary(),
      signals: this.signals ? structuredClone(this.signals) : null,
    };
    if (this.startedAt !== null) this.lastAt = now;
    this.lastBytes = t.bytes;
    this.lastMessages = t.messages;
    this.latencyInterval.reset();
    return sample;
  }
}
