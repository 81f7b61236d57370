import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { SequenceLedger, TrafficCounts, TrafficDelta } from '../wire/traffic-meter';
import { emptyCounts } from '../wire/traffic-meter';
import type { LatencyHistogram } from '../wire/latency-histogram';
import type { RunnerToWorker, WorkerMessage } from '../protocol/ipc-worker-protocol';

/** A worker thread's line to the runner: messages out, 'go' and 'stop' in. */
export class WorkerIo {
  private stopRequested = false;
  private markGo: () => void = () => undefined;
  /** Resolves when the runner says go. */
  readonly go = new Promise<void>((resolve) => (this.markGo = resolve));

  constructor() {
    parentPort?.on('message', (message: RunnerToWorker) => {
      if (message.type === 'go') this.markGo();
      if (message.type === 'stop') this.stopRequested = true;
    });
  }

  /** True once the runner asked this thread to stop. */
  stopped = (): boolean => this.stopRequested;

  /** Sends a message to the runner. */
  post(message: WorkerMessage): void {
    parentPort?.postMessage(message);
  }

  /** Lets the thread end on its own once it is done (the parent port no longer holds it). */
  close(): void {
    parentPort?.removeAllListeners('message');
    parentPort?.unref();
  }
}

const DELTA_EVERY_MS = 100;

/**
 * Sends a worker's meter to the runner as deltas at most every 100 ms: what the ledger counted
 * and which latencies were recorded since the last delta.
 */
export class DeltaPoster {
  private readonly posted: TrafficCounts = emptyCounts();
  private lastPostAt = performance.now();

  constructor(
    private readonly io: WorkerIo,
    private readonly ledger: SequenceLedger,
    private readonly latency: LatencyHistogram | null = null,
    /** For unframed (baseline) traffic: bytes per message, to count messages from bytes. */
    private readonly rawSize = 0,
  ) {}

  /** Posts a delta if the last one is old enough (or `force`). */
  maybePost(force = false): void {
    const now = performance.now();
    if (!force && now - this.lastPostAt < DELTA_EVERY_MS) return;
    this.lastPostAt = now;
    const counts = this.ledger.counts;
    if (this.rawSize > 0) {
      counts.messages = Math.floor(counts.bytes / this.rawSize);
      counts.received = counts.messages;
    }
    const delta: TrafficDelta = { counts: emptyCounts(), latency: null };
    for (const key of Object.keys(delta.counts) as (keyof TrafficCounts)[]) {
      delta.counts[key] = counts[key] - this.posted[key];
      this.posted[key] = counts[key];
    }
    if (this.latency && this.latency.count > 0) {
      delta.latency = this.latency.toDelta();
      this.latency.reset();
    }
    this.io.post({ type: 'delta', delta });
  }
}
