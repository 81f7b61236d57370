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

/** One line of the thread-count chart: a watched process. */
export interface ThreadCountSeries {
  key: string;
  label: string;
}

/** The watched processes seen in the window, in order of first appearance. */
export function threadCountSeries(samples: readonly ThreadsSample[]): ThreadCountSeries[] {
  const series = new Map<string, string>();
  for (const sample of samples) {
    for (const process of sample.processes)
      series.set(process.key, `${process.name} (${process.pid})`);
  }
  return [...series].map(([key, label]) => ({ key, label }));
}

/**
 * The thread-count chart's columns: seconds before the newest sample, the machine's total,
 * then one column per series (null where that process was not sampled).
 */
export function threadCountColumns(
  samples: readonly ThreadsSample[],
  series: readonly ThreadCountSeries[],
): [number[], ...(number | null)[][]] {
  const now = samples.at(-1)?.time ?? 0;
  const x = samples.map((sample) => (sample.time - now) / 1000);
  const total = samples.map((sample) => sample.totalThreads);
  const perProcess = series.map((entry) =>
    samples.map(
      (sample) =>
        sample.processes.find((process) => process.key === entry.key)?.threadCount ?? null,
    ),
  );
  return [x, total, ...perProcess];
}
