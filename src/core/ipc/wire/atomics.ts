import { performance } from 'node:perf_hooks';

/**
 * Blocking primitives over shared memory, built from Atomics alone: a counting semaphore and a
 * mutex. Both sleep in Atomics.wait (a futex) instead of spinning, after a short spin (~20 µs)
 * that saves the sleep when the other side is about to act: waking a sleeping thread costs tens
 * of µs on an idle machine, so a spin shorter than the other side's work per message would make
 * every wait a sleep — a cliff, not a cost. Each occupies cells of an Int32Array.
 */

/** How long to spin before sleeping, ms. */
const SPIN_MS = 0.02;

/** Calls `ready` until it returns true or the spin time is over. */
function spin(ready: () => boolean): boolean {
  if (ready()) return true;
  const until = performance.now() + SPIN_MS;
  do {
    for (let i = 0; i < 16; i += 1) if (ready()) return true;
  } while (performance.now() < until);
  return false;
}

/**
 * A counting semaphore: cell `at` holds the count, cell `at + 1` the number of sleepers (so a
 * release only pays for Atomics.notify when someone sleeps).
 */
export class Semaphore {
  /** Int32 cells a semaphore occupies. */
  static readonly CELLS = 2;

  constructor(
    private readonly cells: Int32Array,
    private readonly at: number,
  ) {}

  /** Sets the count; only before any thread uses it. */
  init(count: number): void {
    Atomics.store(this.cells, this.at, count);
    Atomics.store(this.cells, this.at + 1, 0);
  }

  /** The current count. */
  get value(): number {
    return Atomics.load(this.cells, this.at);
  }

  /** Takes one unit without waiting; false when none is free. */
  tryAcquire(): boolean {
    const cells = this.cells;
    for (;;) {
      const value = Atomics.load(cells, this.at);
      if (value <= 0) return false;
      if (Atomics.compareExchange(cells, this.at, value, value - 1) === value) return true;
    }
  }

  /**
   * Takes one unit, sleeping while the count is 0. With a timeout (ms), gives up and returns
   * false once it has passed.
   */
  acquire(timeoutMs = Infinity): boolean {
    if (spin(() => this.tryAcquire())) return true;
    const cells = this.cells;
    const deadline = timeoutMs === Infinity ? Infinity : Date.now() + timeoutMs;
    for (;;) {
      if (this.tryAcquire()) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.add(cells, this.at + 1, 1);
      // Sleeps only if the count is still 0: a release in between makes this return at once.
      Atomics.wait(cells, this.at, 0, left);
      Atomics.sub(cells, this.at + 1, 1);
    }
  }

  /** Gives back `n` units and wakes as many sleepers. */
  release(n = 1): void {
    Atomics.add(this.cells, this.at, n);
    if (Atomics.load(this.cells, this.at + 1) > 0) Atomics.notify(this.cells, this.at, n);
  }
}

/**
 * A mutex (Drepper's "futexes are tricky" design): 0 unlocked, 1 locked, 2 locked with
 * sleepers. An uncontended lock/unlock is one compare-exchange and one subtraction.
 */
export class Mutex {
  /** Int32 cells a mutex occupies. */
  static readonly CELLS = 1;

  constructor(
    private readonly cells: Int32Array,
    private readonly at: number,
  ) {}

  /** Takes the lock, sleeping while another thread holds it. */
  lock(): void {
    const cells = this.cells;
    let state = 1;
    const acquired = spin(() => {
      state = Atomics.compareExchange(cells, this.at, 0, 1);
      return state === 0;
    });
    if (acquired) return;
    if (state !== 2) state = Atomics.exchange(cells, this.at, 2);
    while (state !== 0) {
      Atomics.wait(cells, this.at, 2);
      state = Atomics.exchange(cells, this.at, 2);
    }
  }

  /** Releases the lock and wakes one sleeper if there are any. */
  unlock(): void {
    if (Atomics.sub(this.cells, this.at, 1) !== 1) {
      Atomics.store(this.cells, this.at, 0);
      Atomics.notify(this.cells, this.at, 1);
    }
  }
}
