import { performance } from 'node:perf_hooks';
import { Mutex, Semaphore } from './atomics';

/**
 * The producer–consumer demo's bounded queue in shared memory: K item slots, an `empty`
 * semaphore (free slots) that producers wait on, a `full` semaphore (items) that consumers wait
 * on, and one mutex per end guarding its index. It also keeps the live figures the runner
 * samples: depth, the largest depth ever seen, counts, and time spent blocked or idle.
 */

const EMPTY = 0;
const FULL = EMPTY + Semaphore.CELLS;
const HEAD = FULL + Semaphore.CELLS;
const TAIL = HEAD + 1;
const PUT_MUTEX = TAIL + 1;
const TAKE_MUTEX = PUT_MUTEX + 1;
const DEPTH = TAKE_MUTEX + 1;
const MAX_DEPTH = DEPTH + 1;
const PRODUCED = MAX_DEPTH + 1;
const CONSUMED = PRODUCED + 1;
const STOP = CONSUMED + 1;
const PRODUCERS_DONE = STOP + 1;
const DUPLICATES = PRODUCERS_DONE + 1;
const CELLS = DUPLICATES + 1;

/** Item producer id of a "no more items" pill (one per consumer, after the last producer). */
const PILL = -1;

/** Items per producer whose delivery is checked exactly (a bit each); later ones are counted. */
const TRACKED_PER_PRODUCER = 1 << 23;

/** Everything a thread needs to attach to the queue (structured-clonable). */
export interface PcShared {
  cells: SharedArrayBuffer;
  items: SharedArrayBuffer;
  /** One bit per (producer, seq): set when consumed, so a second consumption is a duplicate. */
  seen: SharedArrayBuffer;
  /** Nanoseconds blocked per producer, then idle per consumer. */
  times: SharedArrayBuffer;
  capacity: number;
  producers: number;
  consumers: number;
  trackedPerProducer: number;
}

/** Allocates an empty queue. `perProducer` bounds the exactly-tracked items per producer. */
export function createPcQueue(
  capacity: number,
  producers: number,
  consumers: number,
  perProducer = TRACKED_PER_PRODUCER,
): PcShared {
  const trackedPerProducer = Math.min(TRACKED_PER_PRODUCER, Math.ceil(perProducer / 32) * 32);
  const shared: PcShared = {
    cells: new SharedArrayBuffer(CELLS * 4),
    items: new SharedArrayBuffer(capacity * 2 * 4),
    seen: new SharedArrayBuffer((producers * trackedPerProducer) / 8),
    times: new SharedArrayBuffer((producers + consumers) * 8),
    capacity,
    producers,
    consumers,
    trackedPerProducer,
  };
  const queue = new PcQueue(shared);
  queue.empty.init(capacity);
  queue.full.init(0);
  return shared;
}

/** An item taken from the queue. */
export interface PcItem {
  producer: number;
  seq: number;
}

/** Live figures of the queue, read by the runner while threads use it. */
export interface PcFigures {
  depth: number;
  maxDepth: number;
  produced: number;
  consumed: number;
  duplicated: number;
  producerBlockedMs: number;
  consumerIdleMs: number;
}

/** One thread's handle on the shared queue. */
export class PcQueue {
  readonly empty: Semaphore;
  readonly full: Semaphore;
  private readonly cells: Int32Array;
  private readonly items: Int32Array;
  private readonly seen: Int32Array;
  private readonly times: BigInt64Array;
  private readonly putMutex: Mutex;
  private readonly takeMutex: Mutex;

  constructor(readonly shared: PcShared) {
    this.cells = new Int32Array(shared.cells);
    this.items = new Int32Array(shared.items);
    this.seen = new Int32Array(shared.seen);
    this.times = new BigInt64Array(shared.times);
    this.empty = new Semaphore(this.cells, EMPTY);
    this.full = new Semaphore(this.cells, FULL);
    this.putMutex = new Mutex(this.cells, PUT_MUTEX);
    this.takeMutex = new Mutex(this.cells, TAKE_MUTEX);
  }

  /** Adds an item, sleeping while the queue is full; the wait counts as producer `index` blocked. */
  put(index: number, producer: number, seq: number): void {
    const waitStart = performance.now();
    this.empty.acquire();
    this.addTime(index, performance.now() - waitStart);
    this.putMutex.lock();
    const slot = this.cells[TAIL]!;
    this.items[slot * 2] = producer;
    this.items[slot * 2 + 1] = seq;
    this.cells[TAIL] = (slot + 1) % this.shared.capacity;
    this.putMutex.unlock();
    const depth = Atomics.add(this.cells, DEPTH, 1) + 1;
    let max = Atomics.load(this.cells, MAX_DEPTH);
    while (depth > max) {
      const seen = Atomics.compareExchange(this.cells, MAX_DEPTH, max, depth);
      if (seen === max) break;
      max = seen;
    }
    if (producer !== PILL) Atomics.add(this.cells, PRODUCED, 1);
    this.full.release();
  }

  /** Takes an item, sleeping while the queue is empty (counted as consumer `index` idle); null = pill. */
  take(index: number): PcItem | null {
    const waitStart = performance.now();
    this.full.acquire();
    this.addTime(this.shared.producers + index, performance.now() - waitStart);
    this.takeMutex.lock();
    const slot = this.cells[HEAD]!;
    const producer = this.items[slot * 2]!;
    const seq = this.items[slot * 2 + 1]!;
    this.cells[HEAD] = (slot + 1) % this.shared.capacity;
    this.takeMutex.unlock();
    Atomics.sub(this.cells, DEPTH, 1);
    this.empty.release();
    if (producer === PILL) return null;
    this.markConsumed(producer, seq);
    return { producer, seq };
  }

  /** A producer has made its last item; the last one to finish sends every consumer a pill. */
  producerFinished(): void {
    const done = Atomics.add(this.cells, PRODUCERS_DONE, 1) + 1;
    if (done !== this.shared.producers) return;
    for (let i = 0; i < this.shared.consumers; i += 1) this.put(-1, PILL, 0);
  }

  /** Asks producers to stop after their current item. */
  requestStop(): void {
    Atomics.store(this.cells, STOP, 1);
  }

  /** True once a stop was requested. */
  get stopRequested(): boolean {
    return Atomics.load(this.cells, STOP) === 1;
  }

  /** The live figures (any thread may read them at any time). */
  figures(): PcFigures {
    const { producers, consumers } = this.shared;
    let blockedNs = 0n;
    let idleNs = 0n;
    for (let i = 0; i < producers; i += 1) blockedNs += Atomics.load(this.times, i);
    for (let i = 0; i < consumers; i += 1) idleNs += Atomics.load(this.times, producers + i);
    return {
      depth: Atomics.load(this.cells, DEPTH),
      maxDepth: Atomics.load(this.cells, MAX_DEPTH),
      produced: Atomics.load(this.cells, PRODUCED),
      consumed: Atomics.load(this.cells, CONSUMED),
      duplicated: Atomics.load(this.cells, DUPLICATES),
      producerBlockedMs: Number(blockedNs) / 1e6,
      consumerIdleMs: Number(idleNs) / 1e6,
    };
  }

  private addTime(cell: number, ms: number): void {
    // Pills are put by a producer thread after its own items; their wait is still that thread's.
    if (cell < 0) return;
    Atomics.add(this.times, cell, BigInt(Math.round(ms * 1e6)));
  }

  private markConsumed(producer: number, seq: number): void {
    Atomics.add(this.cells, CONSUMED, 1);
    if (seq >= this.shared.trackedPerProducer) return;
    const bit = producer * this.shared.trackedPerProducer + seq;
    const mask = 1 << (bit & 31);
    if ((Atomics.or(this.seen, bit >>> 5, mask) & mask) !== 0) {
      Atomics.add(this.cells, DUPLICATES, 1);
    }
  }
}
