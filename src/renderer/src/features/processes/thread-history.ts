import type { ThreadRow, ThreadsSample, WatchedThreads } from '../../../../shared/sampling';

/** One thread of the shown process over the window: its latest row and one cell per tick. */
export interface ThreadTimeline {
  latest: ThreadRow;
  /** Oldest first, one per sample in the window; null where the thread did not exist. */
  cells: (ThreadRow | null)[];
}

/** The shown process's latest entry and a timeline per thread, from the thread samples. */
export function threadTimelines(
  samples: readonly ThreadsSample[],
  key: string,
): { process: WatchedThreads | null; timelines: ThreadTimeline[] } {
  const perSample = samples.map((sample) => {
    const entry = sample.processes.find((candidate) => candidate.key === key);
    return new Map(entry?.threads.map((thread) => [thread.tid, thread]) ?? []);
  });
  let process: WatchedThreads | null = null;
  for (let i = samples.length - 1; i >= 0 && process === null; i -= 1) {
    process = samples[i]?.processes.find((candidate) => candidate.key === key) ?? null;
  }
  if (process === null) return { process: null, timelines: [] };
  const timelines = process.threads.map((latest) => ({
    latest,
    cells: perSample.map((threads) => threads.get(latest.tid) ?? null),
  }));
  return { process, timelines };
}

/** Watched processes' thread counts over the window, for the thread-count chart. */
export function threadCountRows(samples: readonly ThreadsSample[]): {
  rows: Record<string, number | null>[];
  series: { key: string; label: string }[];
} {
  const series = new Map<string, string>();
  const rows = samples.map((sample) => {
    const row: Record<string, number | null> = { time: sample.time, total: sample.totalThreads };
    for (const process of sample.processes) {
      row[process.key] = process.threadCount;
      series.set(process.key, `${process.name} (${process.pid})`);
    }
    return row;
  });
  return { rows, series: [...series].map(([key, label]) => ({ key, label })) };
}
