import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { SAMPLING_INTERVAL_MS, type SamplingState } from '../../shared/contract';
import type { LabFeature, StreamEmitter } from '../feature';
import { coreBusyBetween, type CpuTimes } from './cpu-times';
import { SamplingLoop } from './sampling-loop';

type SamplingCalls =
  'sampling:get-state' | 'sampling:set-interval' | 'sampling:pause' | 'sampling:resume';

/** Reads cumulative per-core times without forking (os.cpus() reads /proc/stat on Linux). */
export function readCpuTimes(): CpuTimes[] {
  return os.cpus().map((cpu) => cpu.times);
}

/**
 * The `sample:cores` stream and the sampling controls: busy % per core from deltas of
 * os.cpus() times, stamped with a monotonic clock.
 */
export function createCoreSamplingFeature(
  emit: StreamEmitter,
  readTimes: () => CpuTimes[] = readCpuTimes,
): LabFeature<SamplingCalls> {
  let previous = readTimes();
  let previousAt = performance.now();

  const tick = (): void => {
    const now = performance.now();
    const times = readTimes();
    const busy = coreBusyBetween(previous, times);
    const elapsedMs = now - previousAt;
    previous = times;
    previousAt = now;
    if (busy === null) return; // core count changed: this reading is the new baseline
    emit('sample:cores', {
      time: Date.now(),
      monotonicMs: now,
      elapsedMs,
      cores: busy.cores,
      total: busy.total,
    });
  };

  const loop = new SamplingLoop(tick, SAMPLING_INTERVAL_MS.default, (error) => {
    console.error('[sampling:cores] tick failed:', error);
  });
  const state = (): SamplingState => ({ intervalMs: loop.intervalMs, paused: loop.paused });
  const changed = (): SamplingState => {
    const current = state();
    emit('sampling:state', current);
    return current;
  };

  return {
    handlers: {
      'sampling:get-state': state,
      'sampling:set-interval': ({ intervalMs }) => {
        loop.setInterval(intervalMs);
        return changed();
      },
      'sampling:pause': () => {
        loop.pause();
        return changed();
      },
      'sampling:resume': () => {
        // Restart deltas from now so the first sample after a pause covers one interval.
        previous = readTimes();
        previousAt = performance.now();
        loop.resume();
        return changed();
      },
    },
    start: () => loop.start(),
    dispose: () => loop.stop(),
  };
}
