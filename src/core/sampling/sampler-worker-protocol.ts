import type { LinuxProcessSamplerOptions } from './linux-processes';
import type { ProcessTableTick } from './sampler-types';

/** Sent to the sampler worker. */
export type ToSamplerWorker =
  | { id: number; type: 'sample'; watchedPids: number[]; trackedBy: [number, string][] }
  | { id: number; type: 'lookup'; pid: number }
  | { id: number; type: 'close' };

/** What each request resolves to. */
export interface SamplerWorkerResults {
  sample: ProcessTableTick;
  lookup: { key: string; name: string } | null;
  close: null;
}

/** Sent back by the sampler worker: the answer to request `id`. */
export type FromSamplerWorker =
  | { id: number; ok: true; value: SamplerWorkerResults[keyof SamplerWorkerResults] }
  | { id: number; ok: false; error: string };

/** Passed as workerData. */
export interface SamplerWorkerData {
  options: LinuxProcessSamplerOptions;
}
