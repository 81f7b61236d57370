import { Mutex, Semaphore } from './atomics';

/**
 * A bounded ring of fixed-size slots in one SharedArrayBuffer — the classic bounded buffer:
 * producers wait on the `empty` semaphore, consumers on `full`. Messages longer than a slot are
 * split over consecutive slots; a producer holds the producer mutex for a whole message, so the
 * slots of one message are never interleaved with another producer's. A slot whose length is
 * FINISHED marks a producer that has finished.
 */

const EMPTY = 0;
const FULL = EMPTY + Semaphore.CELLS;
const WRITE_INDEX = FULL + Semaphore.CELLS;
const READ_INDEX = WRITE_INDEX + 1;
const PRODUCER_MUTEX = READ_INDEX + 1;
const CONTROL_CELLS = PRODUCER_MUTEX + Mutex.CELLS;

/** Slot length that marks "this producer has finished". */
const FINISHED = -1;

/** Everything a thread needs to attach to a ring (structured-clonable). */
export interface RingShared {
  buffer: SharedArrayBuffer;
  slots: number;
  slotSize: number;
}

/** Default geometry: 64 slots of 64 KiB (4 MiB), the size of a large pipe buffer. */
export const RING_SLOTS = 64;
/** Bytes per slot: a 64 KiB message, framed or bare, fills exactly one slot. */
export const RING_SLOT_SIZE = 64 * 1024;

/** Allocates a ring with every slot empty. */
export function createRing(slots = RING_SLOTS, slotSize = RING_SLOT_SIZE): RingShared {
  const headerBytes = (CONTROL_CELLS + slots) * 4;
  const buffer = new SharedArrayBuffer(headerBytes + slots * slotSize);
  const ring = new RingView({ buffer, slots, slotSize });
  ring.empty.init(slots);
  ring.full.init(0);
  return { buffer, slots, slotSize };
}

class RingView {
  readonly cells: Int32Array;
  readonly lengths: Int32Array;
  readonly data: Uint8Array;
  readonly empty: Semaphore;
  readonly full: Semaphore;
  readonly producerMutex: Mutex;

  constructor(readonly shared: RingShared) {
    const { buffer, slots } = shared;
    this.cells = new Int32Array(buffer, 0, CONTROL_CELLS);
    this.lengths = new Int32Array(buffer, CONTROL_CELLS * 4, slots);
    this.data = new Uint8Array(buffer, (CONTROL_CELLS + slots) * 4);
    this.empty = new Semaphore(this.cells, EMPTY);
    this.full = new Semaphore(this.cells, FULL);
    this.producerMutex = new Mutex(this.cells, PRODUCER_MUTEX);
  }
}

/** The producer side of a ring. Several writers may share one ring. */
export class RingWriter {
  private readonly view: RingView;

  constructor(shared: RingShared) {
    this.view = new RingView(shared);
  }

  /** Writes one message (split over slots as needed); blocks while the ring is full. */
  write(message: Uint8Array): void {
    const { producerMutex } = this.view;
    producerMutex.lock();
    try {
      for (let at = 0; at < message.length; at += this.view.shared.slotSize) {
        this.put(message.subarray(at, Math.min(message.length, at + this.view.shared.slotSize)));
      }
    } finally {
      producerMutex.unlock();
    }
  }

  /** Marks this writer finished; the reader counts these markers. */
  finish(): void {
    this.view.producerMutex.lock();
    try {
      this.put(null);
    } finally {
      this.view.producerMutex.unlock();
    }
  }

  private put(chunk: Uint8Array | null): void {
    const { cells, lengths, data, empty, full, shared } = this.view;
    empty.acquire();
    const slot = cells[WRITE_INDEX]! % shared.slots;
    cells[WRITE_INDEX] = (cells[WRITE_INDEX]! + 1) % shared.slots;
    if (chunk) data.set(chunk, slot * shared.slotSize);
    lengths[slot] = chunk ? chunk.length : FINISHED;
    full.release();
  }
}

/** The single consumer of a ring. */
export class RingReader {
  private readonly view: RingView;
  private readonly chunk: Uint8Array;

  constructor(shared: RingShared) {
    this.view = new RingView(shared);
    this.chunk = new Uint8Array(shared.slotSize);
  }

  /**
   * Takes the next slot, copied into private memory (reused by the next call): the bytes, null
   * for a "finished" marker, or undefined when `timeoutMs` passed with nothing to read.
   */
  read(timeoutMs = Infinity): Uint8Array | null | undefined {
    const { cells, lengths, data, empty, full, shared } = this.view;
    if (!full.acquire(timeoutMs)) return undefined;
    const slot = cells[READ_INDEX]!;
    cells[READ_INDEX] = (slot + 1) % shared.slots;
    const length = lengths[slot]!;
    let out: Uint8Array | null = null;
    if (length !== FINISHED) {
      const start = slot * shared.slotSize;
      this.chunk.set(data.subarray(start, start + length));
      out = this.chunk.subarray(0, length);
    }
    empty.release();
    return out;
  }
}
