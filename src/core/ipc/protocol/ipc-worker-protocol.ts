import type { MessagePort } from 'node:worker_threads';
import type { RaceMode } from '../../../shared/ipc-requests';
import type { PcShared } from '../wire/pc-queue';
import type { ProducePlan } from '../wire/produce-plan';
import type { RingShared } from '../wire/shm-ring';
import type { TrafficDelta } from '../wire/traffic-meter';

/** A worker thread's job. */
export type WorkerConfig =
  | { role: 'port-producer'; port: MessagePort; plan: ProducePlan; raw: boolean; window: number }
  | { role: 'port-echo'; port: MessagePort }
  | { role: 'shm-producer'; ring: RingShared; plan: ProducePlan; raw: boolean }
  | { role: 'shm-consumer'; ring: RingShared; producers: number; raw: boolean; size: number }
  | {
      role: 'shm-client';
      request: RingShared;
      response: RingShared;
      plan: ProducePlan;
      raw: boolean;
    }
  | { role: 'shm-echo'; request: RingShared; response: RingShared }
  | {
      role: 'race';
      cells: SharedArrayBuffer;
      mode: RaceMode;
      iterations: number;
      window: number;
    }
  | { role: 'pc-shm-producer'; queue: PcShared; index: number; plan: PcWorkerPlan }
  | { role: 'pc-shm-consumer'; queue: PcShared; index: number; plan: PcWorkerPlan }
  | { role: 'pc-port-producer'; port: MessagePort; index: number; plan: PcWorkerPlan }
  | { role: 'pc-port-consumer'; port: MessagePort; index: number; plan: PcWorkerPlan };

/** A worker's workerData: its job, and the CPU to pin itself to, if any. */
export interface WorkerData {
  job: WorkerConfig;
  cpu?: number;
}

/** What a producer–consumer worker does per item. */
export interface PcWorkerPlan {
  /** Items this producer makes (absent: until told to stop). */
  count?: number;
  /** Sleep per item, µs (produce time for producers, consume time for consumers). */
  workUs: number;
}

/** Worker → runner messages. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'delta'; delta: TrafficDelta }
  | { type: 'done'; sent: number; elapsedMs?: number; sink?: number }
  | { type: 'failed'; error: string };

/** Runner → worker messages (on the worker's parentPort). */
export type RunnerToWorker = { type: 'go' } | { type: 'stop' };

/** Messages on a MessagePort data channel besides the data itself. */
export type PortControl = { type: 'credit'; n: number } | { type: 'end'; p: number; sent: number };

/** How many messages a MessagePort producer may have unacknowledged: about 8 MiB, 4..256. */
export function portWindow(size: number): number {
  return Math.max(4, Math.min(256, Math.floor((8 * 1024 * 1024) / size)));
}
