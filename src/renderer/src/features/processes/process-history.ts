import type { ProcessRow } from '../../../../shared/sampling';

/** Samples kept per process: a minute at the table's default one-second interval. */
export const HISTORY_LENGTH = 60;
/** Ticks a vanished process's history is kept (its last minute stays readable a while). */
export const GONE_TICKS = 30;
/** Most processes held at once, live or gone: the store's memory bound whatever the churn. */
export const MAX_PROCESSES = 2048;
/** The eight levels of a text sparkline, lowest first (btop's mini graphs use the same). */
export const BLOCKS = '▁▂▃▄▅▆▇█';

/** One process's recent CPU % (100 = one core) and resident memory, oldest first. */
export interface ProcessHistory {
  times: number[];
  cpu: (number | null)[];
  rss: (number | null)[];
}

interface Entry extends ProcessHistory {
  /** The tick this process was last seen in the table. */
  lastSeen: number;
}

/**
 * Recent CPU and memory per process (by row key, so a reused pid starts afresh), fed from the
 * table ticks outside React. Bounded: HISTORY_LENGTH samples each, gone processes dropped
 * after GONE_TICKS, and never more than `maxProcesses` processes.
 */
export class ProcessHistoryStore {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<() => void>();
  private tick = 0;

  constructor(
    private readonly length = HISTORY_LENGTH,
    private readonly maxProcesses = MAX_PROCESSES,
  ) {}

  /** Processes held, live or recently gone. */
  get size(): number {
    return this.entries.size;
  }

  /** Adds one sample per row of the table as it stands after a tick at `time`. */
  record(time: number, rows: Iterable<ProcessRow>): void {
    this.tick += 1;
    for (const row of rows) {
      let entry = this.entries.get(row.key);
      if (entry === undefined) {
        entry = { times: [], cpu: [], rss: [], lastSeen: this.tick };
        this.entries.set(row.key, entry);
      }
      entry.lastSeen = this.tick;
      entry.times.push(time);
      entry.cpu.push(row.cpuPercent);
      entry.rss.push(row.rssBytes);
      if (entry.times.length > this.length) {
        entry.times.shift();
        entry.cpu.shift();
        entry.rss.shift();
      }
    }
    this.evict();
    for (const listener of this.listeners) listener();
  }

  /** A copy of one process's history, or null when none is held. */
  history(key: string): ProcessHistory | null {
    const entry = this.entries.get(key);
    if (entry === undefined) return null;
    return { times: [...entry.times], cpu: [...entry.cpu], rss: [...entry.rss] };
  }

  /** The held CPU values of one process (not a copy: read, never change). */
  cpu(key: string): readonly (number | null)[] {
    return this.entries.get(key)?.cpu ?? [];
  }

  /** Calls `listener` after every tick; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every process (for tests). */
  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (entry.lastSeen < this.tick - GONE_TICKS) this.entries.delete(key);
    }
    if (this.entries.size <= this.maxProcesses) return;
    // Over the bound (heavy churn): the longest gone go first; live ones only past that.
    const byAge = [...this.entries].sort((a, b) => a[1].lastSeen - b[1].lastSeen);
    for (const [key] of byAge.slice(0, this.entries.size - this.maxProcesses)) {
      this.entries.delete(key);
    }
  }
}

/** The page's one history store, fed by the process table's ticks. */
export const processHistory = new ProcessHistoryStore();

/**
 * A text sparkline of the last `width` values, newest on the right, scaled from `low` (▁) to
 * `high` (█). Missing samples are blanks and a short history is padded on the left, so every
 * line of a column ends at the same instant.
 */
export function sparkline(
  values: readonly (number | null)[],
  low: number,
  high: number,
  width = values.length,
): string {
  const shown = values.slice(-width);
  const span = high - low;
  let text = ' '.repeat(Math.max(0, width - shown.length));
  for (const value of shown) {
    if (value === null) {
      text += ' ';
      continue;
    }
    const level = span > 0 ? Math.round(((value - low) / span) * (BLOCKS.length - 1)) : 0;
    text += BLOCKS[Math.min(BLOCKS.length - 1, Math.max(0, level))];
  }
  return text;
}

/** CPU as a sparkline: full height is one core, or the busiest sample if it used more. */
export function cpuSparkline(values: readonly (number | null)[], width = values.length): string {
  const shown = values.slice(-width);
  return sparkline(shown, 0, Math.max(100, ...present(shown)), width);
}

/** Memory as a sparkline between its own low and high, so growth shows even on a big process. */
export function memorySparkline(values: readonly (number | null)[]): string {
  const known = present(values);
  return sparkline(values, Math.min(...known), Math.max(...known));
}

/** The newest, lowest, highest and oldest known values of a series; null when none is known. */
export function seriesFigures(
  values: readonly (number | null)[],
): { now: number; min: number; max: number; first: number } | null {
  const known = present(values);
  const now = known.at(-1);
  const first = known[0];
  if (now === undefined || first === undefined) return null;
  return { now, min: Math.min(...known), max: Math.max(...known), first };
}

function present(values: readonly (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null);
}
