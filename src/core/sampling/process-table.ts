import type { ProcessRow, ProcessesSample } from '../../shared/sampling';

/** What changed in the table in one tick. */
export interface TableDelta {
  upserts: ProcessRow[];
  removed: string[];
}

/** True when two rows hold the same values (rows are flat). */
export function sameRow(a: ProcessRow, b: ProcessRow): boolean {
  return (
    a.key === b.key &&
    a.cpuPercent === b.cpuPercent &&
    a.state === b.state &&
    a.rssBytes === b.rssBytes &&
    a.threads === b.threads &&
    a.voluntarySwitchesPerSec === b.voluntarySwitchesPerSec &&
    a.involuntarySwitchesPerSec === b.involuntarySwitchesPerSec &&
    a.name === b.name &&
    a.command === b.command &&
    a.user === b.user &&
    a.ppid === b.ppid &&
    a.trackedBy === b.trackedBy &&
    a.watched === b.watched &&
    a.pid === b.pid &&
    a.startTime === b.startTime &&
    a.kernelThread === b.kernelThread
  );
}

/**
 * The whole process table by key. The sampling side diffs each tick's rows against it to
 * send only what changed; the serving side applies those changes to answer snapshots.
 */
export class ProcessTable {
  private rows = new Map<string, ProcessRow>();

  /** Number of rows held. */
  get size(): number {
    return this.rows.size;
  }

  /** Holds `rows` as the new table and returns what changed (unchanged objects are skipped fast). */
  replaceAll(rows: readonly ProcessRow[]): TableDelta {
    const next = new Map<string, ProcessRow>();
    const upserts: ProcessRow[] = [];
    for (const row of rows) {
      next.set(row.key, row);
      const before = this.rows.get(row.key);
      if (before !== row && (before === undefined || !sameRow(before, row))) upserts.push(row);
    }
    const removed: string[] = [];
    for (const key of this.rows.keys()) if (!next.has(key)) removed.push(key);
    this.rows = next;
    return { upserts, removed };
  }

  /** Applies a delta made by replaceAll on the other side. */
  apply(delta: TableDelta): void {
    for (const key of delta.removed) this.rows.delete(key);
    for (const row of delta.upserts) this.rows.set(row.key, row);
  }

  /** Every row. */
  all(): ProcessRow[] {
    return [...this.rows.values()];
  }

  /** The row of a pid, if present. */
  byPid(pid: number): ProcessRow | undefined {
    for (const row of this.rows.values()) if (row.pid === pid) return row;
    return undefined;
  }

  /** Whole-table counts for a sample. */
  totals(): ProcessesSample['totals'] {
    let threads: number | null = 0;
    let kernelThreads = 0;
    for (const row of this.rows.values()) {
      if (row.kernelThread) kernelThreads += 1;
      threads = threads === null || row.threads === null ? null : threads + row.threads;
    }
    return { processes: this.rows.size, threads, kernelThreads };
  }

  /** Forgets every row. */
  clear(): void {
    this.rows.clear();
  }
}
