import { RingBuffer } from '../../../shared/ring-buffer';

/**
 * Live samples of one stream in a bounded ring buffer. Streams push into it without touching
 * React; views subscribe, are told "something changed", and read it once per frame.
 */
export class SeriesStore<T> {
  private readonly buffer: RingBuffer<T>;
  private readonly listeners = new Set<() => void>();
  private cached: { version: number; items: T[] } | null = null;
  private pushes = 0;
  private changes = 0;

  /** `window` drops samples older than `windowMs` before the newest one, by `timeOf`. */
  constructor(
    capacity: number,
    private readonly window?: { timeOf: (item: T) => number; windowMs: number },
  ) {
    this.buffer = new RingBuffer<T>(capacity);
  }

  /** Samples held (never more than the capacity). */
  get size(): number {
    return this.buffer.size;
  }

  /** Most samples it will hold. */
  get capacity(): number {
    return this.buffer.capacity;
  }

  /** Samples pushed since it was created (for tests and data attributes). */
  get received(): number {
    return this.pushes;
  }

  /** Bumped on every change; a view compares it to skip work when nothing changed. */
  get version(): number {
    return this.changes;
  }

  /** Adds a sample, evicting the oldest past the capacity or the time window. */
  push(item: T): void {
    this.buffer.push(item);
    const window = this.window;
    if (window !== undefined) {
      const newest = window.timeOf(item);
      this.buffer.dropWhile((old) => window.timeOf(old) < newest - window.windowMs);
    }
    this.pushes += 1;
    this.changed();
  }

  /** Forgets every sample (a new run starts). */
  clear(): void {
    this.buffer.clear();
    this.changed();
  }

  /** The newest sample, if any. */
  last(): T | undefined {
    return this.buffer.last();
  }

  /** Samples oldest first; the same array until the next change, so readers may share it. */
  items(): readonly T[] {
    if (this.cached?.version !== this.changes) {
      this.cached = { version: this.changes, items: this.buffer.toArray() };
    }
    return this.cached.items;
  }

  /** Calls `listener` after every change; returns how to stop. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.changes += 1;
    for (const listener of this.listeners) listener();
  }
}
