import type { LabFeature, StreamEmitter } from '../../feature';
import type { TrackedProcesses } from '../../tracked-processes';
import { ExperimentLab } from './experiment-lab';
import { untrustedExecutableReason } from './trusted-executable';

/** The call channels the experiments answer. */
export type ExperimentCalls =
  | 'experiment:start'
  | 'experiment:stop'
  | 'experiment:get-state'
  | 'experiment:list-results'
  | 'experiment:clear-results'
  | 'experiment:events'
  | 'experiment:python-status'
  | 'experiment:set-python';

/** Settings of the experiments feature. */
export interface ExperimentsFeatureOptions {
  /** python3 for the Python models; default: $CONCURRENCY_LAB_PYTHON, else searched. */
  pythonPath?: string | null;
  /** Memory free for a run, in bytes; default: read from the system at each start. */
  availableMemoryBytes?: () => number;
  /** The page's renderer processes, for the lab's own cost in each result. */
  pageProcessIds?: () => number[];
}

/**
 * Experiments as a lab feature: runs queue in experiment host processes, whose pids go to
 * `tracked` (the sampler highlights and watches them); progress, events and results are
 * pushed on the experiment streams.
 */
export function createExperimentsFeature(
  emit: StreamEmitter,
  tracked: TrackedProcesses,
  options: ExperimentsFeatureOptions = {},
): LabFeature<ExperimentCalls> & { lab: ExperimentLab } {
  const lab = new ExperimentLab({
    emit,
    tracked,
    pythonPath: options.pythonPath ?? process.env.CONCURRENCY_LAB_PYTHON ?? null,
    ...(options.availableMemoryBytes ? { availableMemoryBytes: options.availableMemoryBytes } : {}),
    ...(options.pageProcessIds ? { pageProcessIds: options.pageProcessIds } : {}),
  });
  return {
    lab,
    handlers: {
      'experiment:start': ({ runs }) => lab.start(runs),
      'experiment:stop': () => lab.stop(),
      'experiment:get-state': () => lab.state(),
      'experiment:list-results': () => lab.listResults(),
      'experiment:clear-results': () => lab.clearResults(),
      'experiment:events': ({ runId }) => lab.eventsOf(runId),
      'experiment:python-status': () => lab.pythonStatus(),
      'experiment:set-python': async ({ path }) => {
        // Refused before it is ever run (the probe runs it too): see trusted-executable.
        const refusal = path === null ? null : await untrustedExecutableReason(path);
        if (refusal !== null) throw new Error(refusal);
        return lab.setPythonPath(path);
      },
    },
    dispose: () => lab.dispose(),
  };
}
