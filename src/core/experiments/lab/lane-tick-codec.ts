import type { ThreadCounters } from './lane-builder';
import type { ThreadsTick } from './run-threads-reader';

/**
 * Ticks packed for the trip from the sampling thread to the main thread: every number in one
 * Float64Array whose buffer is transferred, and a thread's name only when it is new or changed.
 * Cloning the ticks as objects (a few hundred a batch, each with its name and a schedstat object)
 * cost both threads more than the reads they carried.
 */

/** One batch as posted. */
export interface PackedTicks {
  /** Per tick: t, thread count, then per thread the fields below, in THREAD_FIELDS order. */
  numbers: Float64Array<ArrayBuffer>;
  /** [tid, name] for threads first seen, or renamed, since the last batch. */
  names: [number, string][];
}

/** pid, tid, runNs, waitNs, timeslices, state (char code), core (-1: unknown). */
const THREAD_FIELDS = 7;

/** Packs ticks on the sampling thread, batch after batch. */
export class TickPacker {
  private numbers: Float64Array<ArrayBuffer> = new Float64Array(4096);
  private used = 0;
  private names: [number, string][] = [];
  /** The name each tid was last sent with. */
  private readonly sent = new Map<number, string>();

  /** Ticks added since the last take(). */
  count = 0;

  /** Adds one tick. */
  add(tick: ThreadsTick): void {
    this.reserve(2 + tick.threads.length * THREAD_FIELDS);
    const n = this.numbers;
    n[this.used++] = tick.t;
    n[this.used++] = tick.threads.length;
    for (const thread of tick.threads) {
      n[this.used++] = thread.pid;
      n[this.used++] = thread.tid;
      n[this.used++] = thread.sched.runNs;
      n[this.used++] = thread.sched.waitNs;
      n[this.used++] = thread.sched.timeslices;
      n[this.used++] = thread.state.charCodeAt(0);
      n[this.used++] = thread.core ?? -1;
      if (this.sent.get(thread.tid) !== thread.name) {
        this.sent.set(thread.tid, thread.name);
        this.names.push([thread.tid, thread.name]);
      }
    }
    this.count += 1;
  }

  /** The batch so far (its buffer is a copy, safe to transfer), and starts the next. */
  take(): PackedTicks {
    const batch = { numbers: this.numbers.slice(0, this.used), names: this.names };
    this.used = 0;
    this.names = [];
    this.count = 0;
    return batch;
  }

  private reserve(more: number): void {
    if (this.used + more <= this.numbers.length) return;
    const grown = new Float64Array(Math.max(this.numbers.length * 2, this.used + more));
    grown.set(this.numbers.subarray(0, this.used));
    this.numbers = grown;
  }
}

/**
 * Unpacks a batch on the main thread, tick by tick: `visit` sees each tick in turn, in objects
 * refilled for the next tick (copy what must outlive the call). `names` carries each tid's name
 * across batches. Fresh objects per thread and tick were most of the lab's garbage while a run
 * was sampled.
 */
export function eachTick(
  batch: PackedTicks,
  names: Map<number, string>,
  visit: (tick: ThreadsTick) => void,
): void {
  for (const [tid, name] of batch.names) names.set(tid, name);
  const n = batch.numbers;
  const pool: ThreadCounters[] = [];
  const threads: ThreadCounters[] = [];
  let i = 0;
  while (i + 2 <= n.length) {
    const t = n[i++] ?? 0;
    const count = n[i++] ?? 0;
    threads.length = 0;
    for (let k = 0; k < count && i + THREAD_FIELDS <= n.length; k += 1) {
      const thread = (pool[k] ??= {
        pid: 0,
        tid: 0,
        name: '',
        sched: { runNs: 0, waitNs: 0, timeslices: 0 },
        state: 'S',
        core: null,
      });
      thread.pid = n[i++] ?? 0;
      thread.tid = n[i++] ?? 0;
      thread.sched.runNs = n[i++] ?? 0;
      thread.sched.waitNs = n[i++] ?? 0;
      thread.sched.timeslices = n[i++] ?? 0;
      thread.state = String.fromCharCode(n[i++] ?? 63);
      const core = n[i++] ?? -1;
      thread.core = core < 0 ? null : core;
      thread.name = names.get(thread.tid) ?? '';
      threads.push(thread);
    }
    visit({ t, threads });
  }
}
