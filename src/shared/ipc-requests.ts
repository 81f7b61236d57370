import { z } from 'zod';
import {
  IPC_LIMITS,
  IPC_MECHANISMS,
  IPC_MODES,
  IPC_PLACEMENTS,
  formatBytes,
} from './ipc-mechanisms';
import { boundedInt } from './validation';

/**
 * What a user asks of the IPC lab: the schemas that validate the `ipc:start`, producer–consumer,
 * race and compare requests at the trust boundary, and the request types they yield.
 */

const placementSchema = z.enum(IPC_PLACEMENTS, {
  error: "placement must be 'any', 'same-core' or 'split-cores'",
});

const L = IPC_LIMITS;

/** Message size in bytes: 64 B .. 4 MiB. */
export const ipcSizeSchema = boundedInt(
  'message size',
  L.sizeBytes.min,
  L.sizeBytes.max,
  formatBytes,
);

const countSchema = boundedInt('message count', L.count.min, L.count.max);
const durationSchema = boundedInt('duration (ms)', L.durationMs.min, L.durationMs.max);

const exactlyOneLimit = (value: { count?: number | undefined; durationMs?: number | undefined }) =>
  (value.count === undefined) !== (value.durationMs === undefined);
const exactlyOneLimitError = { error: 'give either a message count or a duration, not both' };

/** `ipc:start`: one mechanism, one mode, sized messages, a count or a duration. */
export const ipcRunRequestSchema = z
  .object({
    mechanism: z.enum(IPC_MECHANISMS, { error: 'unknown IPC mechanism' }),
    mode: z.enum(IPC_MODES, { error: "mode must be 'throughput' or 'round-trip'" }),
    sizeBytes: ipcSizeSchema,
    count: countSchema.optional(),
    durationMs: durationSchema.optional(),
    /** Target messages per second for all producers together; absent = as fast as possible. */
    ratePerSec: boundedInt('target rate (msgs/s)', L.ratePerSec.min, L.ratePerSec.max).optional(),
    producers: boundedInt('producers', L.producers.min, L.producers.max),
    /** Pins the ends to cores (Linux, taskset); absent = 'any'. */
    placement: placementSchema.optional(),
  })
  .strict()
  .refine(exactlyOneLimit, exactlyOneLimitError);

/** A validated `ipc:start` request. */
export type IpcRunRequest = z.infer<typeof ipcRunRequestSchema>;

/** Where a producer–consumer queue lives. */
export const PC_TRANSPORTS = ['shared-memory', 'message-port'] as const;

/** A producer–consumer queue's transport. */
export type PcTransport = (typeof PC_TRANSPORTS)[number];

/**
 * Python producer–consumer queues (resources/python/pc_demo.py): queue.Queue(maxsize=K) between
 * threads, multiprocessing.Queue and JoinableQueue between processes. They need the Python the
 * Experiments tab found.
 */
export const PYTHON_PC_TRANSPORTS = [
  'python-queue-threads',
  'python-mp-queue',
  'python-joinable-queue',
] as const;

/** A Python producer–consumer queue. */
export type PythonPcTransport = (typeof PYTHON_PC_TRANSPORTS)[number];

/** Every queue an `ipc:producer-consumer` run may use, Node's first. */
export const PC_QUEUES = [...PC_TRANSPORTS, ...PYTHON_PC_TRANSPORTS] as const;

/** Any producer–consumer queue, Node or Python. */
export type PcQueueKind = (typeof PC_QUEUES)[number];

/** Whether a producer–consumer queue is one of the Python ones. */
export function isPythonPcTransport(kind: PcQueueKind): kind is PythonPcTransport {
  return (PYTHON_PC_TRANSPORTS as readonly string[]).includes(kind);
}

/** `ipc:producer-consumer`: N producers, M consumers, a bounded queue of K items. */
export const pcRequestSchema = z
  .object({
    transport: z.enum(PC_QUEUES, {
      error: `transport must be one of ${PC_QUEUES.join(', ')}`,
    }),
    producers: boundedInt('producers', L.producers.min, L.producers.max),
    consumers: boundedInt('consumers', L.consumers.min, L.consumers.max),
    capacity: boundedInt('queue capacity', L.capacity.min, L.capacity.max),
    count: countSchema.optional(),
    durationMs: durationSchema.optional(),
    /** Time each producer spends making one item (sleeping), µs. */
    produceUs: boundedInt('produce time (µs)', L.workUs.min, L.workUs.max),
    /** Time each consumer spends on one item (sleeping), µs. */
    consumeUs: boundedInt('consume time (µs)', L.workUs.min, L.workUs.max),
  })
  .strict()
  .refine(exactlyOneLimit, exactlyOneLimitError);

/** A validated `ipc:producer-consumer` request. */
export type PcRequest = z.infer<typeof pcRequestSchema>;

/** How the race demo's workers update the shared counter. */
export const RACE_MODES = ['plain', 'atomic', 'mutex'] as const;

/** One race-demo update strategy. */
export type RaceMode = (typeof RACE_MODES)[number];

/**
 * The race demo in Python (resources/python/race_demo.py): `counter += 1` on a global from W
 * threads (default switch interval, then sys.setswitchinterval(1e-6) to provoke a switch), and
 * from W processes on a multiprocessing.Value without a lock, then with get_lock().
 */
export const PYTHON_RACE_MODES = [
  'py-threads',
  'py-threads-fast-switch',
  'py-processes',
  'py-processes-locked',
] as const;

/** One Python race-demo variant. */
export type PythonRaceMode = (typeof PYTHON_RACE_MODES)[number];

/** Any race-demo mode, Node or Python. */
export type AnyRaceMode = RaceMode | PythonRaceMode;

/** Whether a race mode runs in Python. */
export function isPythonRaceMode(mode: AnyRaceMode): mode is PythonRaceMode {
  return (PYTHON_RACE_MODES as readonly string[]).includes(mode);
}

/**
 * `ipc:race`: W workers each add 1 to one shared counter T times, in each chosen mode. Node modes
 * and Python modes may be mixed: the results list them in the order asked, one entry each.
 */
export const raceRequestSchema = z
  .object({
    workers: boundedInt('workers', L.raceWorkers.min, L.raceWorkers.max),
    iterations: boundedInt('iterations', L.raceIterations.min, L.raceIterations.max),
    /** Work done between reading and writing the counter (loop steps): widens the race window. */
    window: boundedInt('race window', L.raceWindow.min, L.raceWindow.max),
    modes: z
      .array(z.enum([...RACE_MODES, ...PYTHON_RACE_MODES], { error: 'unknown race mode' }))
      .min(1)
      .max(RACE_MODES.length + PYTHON_RACE_MODES.length),
  })
  .strict();

/** A validated `ipc:race` request. */
export type RaceRequest = z.infer<typeof raceRequestSchema>;

function duplicatesOf(list: readonly string[]): string[] {
  return [...new Set(list.filter((item, index) => list.indexOf(item) !== index))];
}

/** `ipc:compare`: every runnable mechanism at one size, against its same-run baseline. */
export const compareRequestSchema = z
  .object({
    sizeBytes: ipcSizeSchema,
    /** How long each of the four measurements per mechanism runs. */
    durationMs: boundedInt(
      'measurement duration (ms)',
      L.compareDurationMs.min,
      L.compareDurationMs.max,
    ),
    mechanisms: z
      .array(z.enum(IPC_MECHANISMS, { error: 'unknown IPC mechanism' }))
      .refine((list) => new Set(list).size === list.length, {
        // A mechanism listed twice would be measured twice and shown twice in one table.
        error: (issue) =>
          `each mechanism may be listed only once; ${duplicatesOf(issue.input as string[]).join(', ')} is listed more than once`,
      })
      .optional(),
    /** Pins every measurement's ends to cores (Linux, taskset); absent = 'any'. */
    placement: placementSchema.optional(),
  })
  .strict();

/** A validated `ipc:compare` request. */
export type CompareRequest = z.infer<typeof compareRequestSchema>;
