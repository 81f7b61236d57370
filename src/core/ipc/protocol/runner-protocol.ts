import type {
  CompareRequest,
  IpcRunRequest,
  PcRequest,
  RaceRequest,
} from '../../../shared/ipc-requests';
import type {
  CompareResult,
  IpcRunResult,
  IpcTrafficSample,
  PcQueueSample,
  PcResult,
  RaceResult,
} from '../../../shared/ipc-results';
import type { IpcPython } from '../mechanisms/python-interpreter';

/** What the feature (UI-serving process) and an IPC runner process say to each other. */

/** A job for the runner. */
export type RunnerJob =
  | { kind: 'run'; request: IpcRunRequest }
  | { kind: 'producer-consumer'; request: PcRequest }
  | { kind: 'compare'; request: CompareRequest }
  | { kind: 'race'; request: RaceRequest };

/** Feature → runner. */
export type ToRunner =
  | {
      type: 'start';
      runId: string;
      job: RunnerJob;
      tempRoot: string;
      /** The interpreter the Python mechanisms use (the Experiments tab's); absent: none. */
      python?: IpcPython;
    }
  | { type: 'stop' };

/** Runner → feature. */
export type FromRunner =
  | { type: 'traffic'; sample: IpcTrafficSample }
  | { type: 'queue'; sample: PcQueueSample }
  | { type: 'pids'; pids: number[] }
  | { type: 'compare-progress'; result: CompareResult }
  | { type: 'run-result'; result: IpcRunResult }
  | { type: 'pc-result'; result: PcResult }
  | { type: 'compare-result'; result: CompareResult }
  | { type: 'race-result'; results: RaceResult[] }
  | { type: 'failed'; error: string };
