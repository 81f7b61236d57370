import type { ProcessesSample } from '../../shared/sampling';
import type { LabFeature, StreamEmitter } from '../feature';
import type { TrackedProcesses } from '../tracked-processes';
import { createCoreSamplingFeature, type SamplingCalls } from './core-sampling';
import {
  createProcessSamplingFeature,
  type ProcessCalls,
  type ProcessFeatureOptions,
} from './process-feature';
import type { SystemSampler } from './sampler-types';

/** Options: injected readers for tests. */
export interface SamplingFeatureOptions {
  system?: SystemSampler;
  processes?: ProcessFeatureOptions;
}

/** All of sampling, plus the table snapshot a recording starts with. */
export type SamplingFeature = LabFeature<SamplingCalls | ProcessCalls> & {
  /** Payloads a new recording needs first: the whole process table. */
  snapshots(): { stream: 'sample:processes'; payload: ProcessesSample }[];
};

/**
 * Every sampling stream and control in one feature: cores and system figures at the sampling
 * interval, processes and threads at the table interval. Pause and resume apply to both.
 */
export function createSamplingFeature(
  emit: StreamEmitter,
  tracked: TrackedProcesses,
  options: SamplingFeatureOptions = {},
): SamplingFeature {
  const cores = createCoreSamplingFeature(emit, undefined, options.system);
  const processes = createProcessSamplingFeature(emit, tracked, options.processes);
  return {
    handlers: {
      ...cores.handlers,
      ...processes.handlers,
      'sampling:pause': (request) => {
        processes.pause();
        return cores.handlers['sampling:pause'](request);
      },
      'sampling:resume': (request) => {
        processes.resume();
        return cores.handlers['sampling:resume'](request);
      },
    },
    start: () => {
      cores.start?.();
      processes.start?.();
    },
    dispose: async () => {
      await cores.dispose?.();
      await processes.dispose?.();
    },
    snapshots: () => [{ stream: 'sample:processes', payload: processes.snapshot() }],
  };
}
