import { SAMPLING_INTERVAL_MS, type SamplingState } from '../../shared/contract';
import type { LabFeature, StreamEmitter } from '../feature';
import type { CpuTimes } from './cpu-times';
import { CpuTimesSystemSampler } from './generic-system';
import { createSystemSampler } from './platform';
import type { SystemSampler } from './sampler-types';
import { SamplingLoop } from './sampling-loop';

/** The calls this feature answers. */
export type SamplingCalls =
  'sampling:get-state' | 'sampling:set-interval' | 'sampling:pause' | 'sampling:resume';

/**
 * The `sample:cores` and `sample:system` streams and the sampling controls. One reading per
 * tick (/proc/stat, meminfo and loadavg on Linux; os.cpus() elsewhere) gives both: busy %
 * per core for the chart, and the user / system / iowait / irq / steal split, memory and
 * load. `readTimes` replaces the reader with os.cpus()-style times (tests).
 */
export function createCoreSamplingFeature(
  emit: StreamEmitter,
  readTimes?: () => CpuTimes[],
  system: SystemSampler = readTimes ? new CpuTimesSystemSampler(readTimes) : createSystemSampler(),
): LabFeature<SamplingCalls> {
  system.sample(); // baseline: the first tick then covers one interval

  const tick = (): void => {
    const sample = system.sample();
    if (sample === null) return; // first reading, or the core count changed: a new baseline
    emit('sample:cores', {
      time: sample.time,
      monotonicMs: sample.monotonicMs,
      elapsedMs: sample.elapsedMs,
      cores: sample.cores.map((core) => core.busy),
      total: sample.total.busy,
    });
    emit('sample:system', sample);
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
        system.sample();
        loop.resume();
        return changed();
      },
    },
    start: () => loop.start(),
    dispose: () => {
      loop.stop();
      system.close();
    },
  };
}
