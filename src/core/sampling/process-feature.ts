import os from 'node:os';
import { labError } from '../../shared/lab-messages';
import {
  MAX_USER_WATCHED,
  TABLE_INTERVAL_MS,
  type ProcessesSample,
  type ProcessSamplingState,
  type SamplingHistory,
  type ThreadsSample,
  type WatchedProcess,
} from '../../shared/sampling';
import { RingBuffer } from '../../shared/ring-buffer';
import type { LabFeature, StreamEmitter } from '../feature';
import type { TrackedProcesses } from '../tracked-processes';
import { createProcessSampler } from './platform';
import { ProcessTable } from './process-table';
import type { ProcessSampler, SampleMarks } from './sampler-types';
import { SamplingLoop } from './sampling-loop';

/** The calls this feature answers. */
export type ProcessCalls =
  | 'processes:get-state'
  | 'processes:watch'
  | 'processes:unwatch'
  | 'processes:snapshot'
  | 'processes:history'
  | 'sampling:set-table-interval';

/** Every this many ticks the process stream carries the whole table (replays start there). */
export const FULL_TABLE_EVERY_TICKS = 30;

/** Thread samples kept for views opened late: two minutes at the default table interval. */
const THREAD_HISTORY = 120;

/** Options: an injected sampler (tests), the starting table interval and core count. */
export interface ProcessFeatureOptions {
  sampler?: ProcessSampler;
  tableIntervalMs?: number;
}

/** The process feature, plus what the sampling feature and the recorder need from it. */
export type ProcessFeature = LabFeature<ProcessCalls> & {
  pause(): void;
  resume(): void;
  /** The whole table as one `sample:processes` payload (a recording starts with it). */
  snapshot(): ProcessesSample;
};

/**
 * The process table and the threads of watched processes, at the table interval (1 s by
 * default): `sample:processes` carries only rows that changed (the whole table every 30th
 * tick and on request), `sample:threads` the threads of every watched process — the ones a
 * view chose and every process in the TrackedProcesses registry.
 */
export function createProcessSamplingFeature(
  emit: StreamEmitter,
  tracked: TrackedProcesses,
  options: ProcessFeatureOptions = {},
): ProcessFeature {
  const sampler = options.sampler ?? createProcessSampler();
  const table = new ProcessTable();
  const userWatched = new Map<number, string | null>(); // pid → key once known
  const threadHistory = new RingBuffer<ThreadsSample>(THREAD_HISTORY);
  const logicalCores = Math.max(1, os.cpus().length);
  let seq = 0;
  let last = { time: Date.now(), monotonicMs: 0, elapsedMs: 0, costMs: 0 };

  const marks = (): SampleMarks => {
    const trackedBy = tracked.all();
    return { watchedPids: new Set([...userWatched.keys(), ...trackedBy.keys()]), trackedBy };
  };

  const watchedList = (): WatchedProcess[] => {
    const trackedBy = tracked.all();
    const pids = new Set([...userWatched.keys(), ...trackedBy.keys()]);
    return [...pids].map((pid) => {
      const row = table.byPid(pid);
      return {
        key: row?.key ?? userWatched.get(pid) ?? `${pid}:?`,
        pid,
        name: row?.name ?? '',
        byUser: userWatched.has(pid),
        trackedBy: trackedBy.get(pid) ?? null,
      };
    });
  };

  const state = (): ProcessSamplingState => ({
    tableIntervalMs: loop.intervalMs,
    paused: loop.paused,
    watched: watchedList(),
    capabilities: sampler.capabilities,
  });
  /** The watch list's keys as last sent, to send it again when one becomes known. */
  let sentKeys = '';
  const keysOf = (watched: readonly WatchedProcess[]): string =>
    watched.map((entry) => entry.key).join(',');
  const changed = (): ProcessSamplingState => {
    const current = state();
    sentKeys = keysOf(current.watched);
    emit('processes:state', current);
    return current;
  };

  const snapshot = (): ProcessesSample => ({
    seq,
    ...last,
    logicalCores: logicalCores,
    full: true,
    upserts: table.all(),
    removed: [],
    totals: table.totals(),
  });

  const tick = async (): Promise<void> => {
    const reading = await sampler.sample(marks());
    table.apply(reading);
    seq += 1;
    last = {
      time: reading.time,
      monotonicMs: reading.monotonicMs,
      elapsedMs: reading.elapsedMs,
      costMs: reading.costMs,
    };
    const full = seq % FULL_TABLE_EVERY_TICKS === 1;
    emit(
      'sample:processes',
      full
        ? snapshot()
        : {
            seq,
            ...last,
            logicalCores: logicalCores,
            full: false,
            upserts: reading.upserts,
            removed: reading.removed,
            totals: table.totals(),
          },
    );
    const totalThreads = table.totals().threads;
    const threads: ThreadsSample = {
      time: reading.time,
      monotonicMs: reading.monotonicMs,
      elapsedMs: reading.elapsedMs,
      totalThreads,
      processes: reading.threads,
    };
    threadHistory.push(threads);
    emit('sample:threads', threads);
    // A process tracked before the table first listed it went out with a `pid:?` key: once
    // the table knows it (or a key changed otherwise), the page gets the real key, or a chip
    // clicked mid-run would wait for a process the page cannot name.
    if (forgetVanishedWatches() || keysOf(watchedList()) !== sentKeys) changed();
  };

  /** Drops user watches whose process ended (or whose pid now names another process). */
  const forgetVanishedWatches = (): boolean => {
    let dropped = false;
    for (const [pid, key] of userWatched) {
      const row = table.byPid(pid);
      if (row === undefined || (key !== null && row.key !== key)) {
        userWatched.delete(pid);
        dropped = true;
      } else if (key === null) userWatched.set(pid, row.key);
    }
    return dropped;
  };

  const loop = new SamplingLoop(
    tick,
    options.tableIntervalMs ?? TABLE_INTERVAL_MS.default,
    (error) => console.error('[sampling:processes] tick failed:', error),
  );
  const stopListening = tracked.onChange(() => changed());

  return {
    handlers: {
      'processes:get-state': state,
      'processes:watch': async ({ pid }) => {
        if (!userWatched.has(pid) && userWatched.size >= MAX_USER_WATCHED) {
          throw labError('watchLimit', { max: MAX_USER_WATCHED });
        }
        const found = table.byPid(pid) ?? (await sampler.lookup(pid));
        if (found === null) throw labError('noProcessMayHaveEnded', { pid });
        userWatched.set(pid, found.key);
        return changed();
      },
      'processes:unwatch': ({ pid }) => {
        userWatched.delete(pid);
        return changed();
      },
      'processes:snapshot': snapshot,
      'processes:history': (): SamplingHistory => ({ threads: threadHistory.toArray() }),
      'sampling:set-table-interval': ({ intervalMs }) => {
        loop.setInterval(intervalMs);
        return changed();
      },
    },
    start: () => loop.start(),
    dispose: async () => {
      loop.stop();
      stopListening();
      await sampler.close();
    },
    pause: () => {
      loop.pause();
      changed();
    },
    resume: () => {
      loop.resume();
      changed();
    },
    snapshot,
  };
}
