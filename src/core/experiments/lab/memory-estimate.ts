import os from 'node:os';
import { formatLabMessage, said, type LabMessage } from '../../../shared/lab-messages';
import type { Model } from '../../../shared/experiment-models';
import type { ResolvedExperimentParams } from '../../../shared/experiment-params';
import { readMeminfo } from '../../os/procfs/readers';

/**
 * Whether a run's processes and threads fit in memory, checked before it is queued: 256 Node
 * processes need about 19 GiB, and a machine that runs out of memory swaps or kills things
 * that are not ours.
 */

/**
 * Resident memory one worker adds, in bytes, measured on Node 20 / Python 3.11: a Node child
 * process, a python3 process, and a worker thread inside an existing Node process.
 */
export const WORKER_MEMORY_BYTES = {
  nodeProcess: 76 * 1024 * 1024,
  pythonProcess: 19 * 1024 * 1024,
  nodeThread: 7.5 * 1024 * 1024,
} as const;

/** The share of available memory a run may plan to use; the rest is left to the machine. */
const USABLE_SHARE = 0.9;

type WorkerKind = keyof typeof WORKER_MEMORY_BYTES;

/** How many workers of each kind a run has at its peak (the host, a Node process, aside). */
function workersOf(model: Model, workers: number, tasks: number): Record<WorkerKind, number> {
  const none = { nodeProcess: 0, pythonProcess: 0, nodeThread: 0 };
  const slots = Math.min(workers, tasks);
  switch (model) {
    case 'node-sequential':
    case 'node-async':
      return { ...none, nodeThread: 1 };
    case 'node-worker-pool':
      return { ...none, nodeThread: workers };
    case 'node-thread-per-task':
      return { ...none, nodeThread: slots };
    case 'node-process-pool':
      return { ...none, nodeProcess: workers };
    case 'node-process-per-task':
      return { ...none, nodeProcess: slots };
    case 'python-sequential':
    case 'python-threads':
    case 'python-custom-pool':
    case 'python-asyncio':
    case 'python-selectors':
    case 'python-gevent':
      return { ...none, pythonProcess: 1 };
    case 'python-processes':
      return { ...none, pythonProcess: 1 + workers };
  }
}

/** A run's estimated peak memory in bytes, the experiment host included. */
export function estimateRunMemory(params: ResolvedExperimentParams): number {
  const counts = workersOf(params.model, params.workers, params.tasks);
  let bytes = WORKER_MEMORY_BYTES.nodeProcess; // the experiment host
  for (const kind of Object.keys(counts) as WorkerKind[]) {
    bytes += counts[kind] * WORKER_MEMORY_BYTES[kind];
  }
  return bytes;
}

/** Memory the kernel could give a new process now: MemAvailable, else free memory. */
export function availableMemoryBytes(): number {
  return readMeminfo()?.availableBytes ?? os.freemem(); // null off Linux or on old kernels
}

function gib(bytes: number): string {
  return (bytes / 1024 ** 3).toFixed(1);
}

/**
 * Null when the run fits in `available` bytes (less a margin), else the sentence that refuses
 * it: what was asked, the estimate and what is available.
 */
export function memoryShortfall(
  params: ResolvedExperimentParams,
  available: number,
): LabMessage | null {
  const needed = estimateRunMemory(params);
  const usable = available * USABLE_SHARE;
  if (needed <= usable) return null;
  return said('memoryRefused', {
    model: params.model,
    workers: params.workers,
    needed: gib(needed),
    available: gib(available),
    share: Math.round(USABLE_SHARE * 100),
  });
}

/** memoryShortfall's sentence in English, or null when the run fits. */
export function memoryRefusal(params: ResolvedExperimentParams, available: number): string | null {
  const shortfall = memoryShortfall(params, available);
  return shortfall === null ? null : formatLabMessage(shortfall);
}
