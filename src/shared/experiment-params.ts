import { z } from 'zod';
import { said, type LabMessage } from './lab-messages';
import {
  EVENT_MODELS,
  MODELS,
  SELECTOR_WORKLOADS,
  SUBMIT_STYLES,
  WORKLOADS,
  isAsyncModel,
  isSequentialModel,
  type Model,
} from './experiment-models';
import { boundedInt } from './validation';

/**
 * What a user asks of the Experiments lab: the parameters of a run, their limits and the schemas
 * that validate each request at the trust boundary, and the Python interpreter the requests need.
 */

/** Bounds of every numeric parameter. */
export const EXPERIMENT_LIMITS = {
  workers: { min: 1, max: 256 },
  concurrency: { min: 1, max: 10_000, default: 100 },
  tasks: { min: 1, max: 1_000_000, default: 64 },
  cpuSize: { min: 1, max: 1_000_000, default: 50_000 },
  latencyMs: { min: 0, max: 60_000, default: 20 },
  fileKiB: { min: 1, max: 4096, default: 256 },
  timeoutS: { min: 1, max: 600, default: 120 },
  processPerTaskTasks: 10_000,
  threadPerTaskTasks: 100_000,
  queuedRuns: 20,
  /** Runs waiting in the queue at once, over all requests (baselines included). */
  queuedTotal: 50,
} as const;

const L = EXPERIMENT_LIMITS;
const ms = (n: number): string => `${n} ms`;
const kib = (n: number): string => `${n} KiB`;
const seconds = (n: number): string => `${n} s`;

/** The parameters of one run, as a view sends them. */
export const experimentParamsSchema = z
  .object({
    workload: z.enum(WORKLOADS, { error: `must be one of ${WORKLOADS.join(', ')}` }),
    model: z.enum(MODELS, { error: `must be one of ${MODELS.join(', ')}` }),
    /** Threads or processes; omitted = the machine's logical cores. */
    workers: boundedInt('workers', L.workers.min, L.workers.max).optional(),
    /** Tasks in flight at once for the async models. */
    concurrency: boundedInt('tasks in flight', L.concurrency.min, L.concurrency.max).default(
      L.concurrency.default,
    ),
    tasks: boundedInt('tasks', L.tasks.min, L.tasks.max).default(L.tasks.default),
    /** Integers tested for primality per task (CPU and mixed workloads). */
    cpuSize: boundedInt('numbers per task', L.cpuSize.min, L.cpuSize.max).default(
      L.cpuSize.default,
    ),
    /** Wait per task (timer, echo and mixed workloads). */
    latencyMs: boundedInt('wait per task', L.latencyMs.min, L.latencyMs.max, ms).default(
      L.latencyMs.default,
    ),
    /** Size of each generated file (file workload). */
    fileKiB: boundedInt('file size', L.fileKiB.min, L.fileKiB.max, kib).default(L.fileKiB.default),
    submit: z
      .enum(SUBMIT_STYLES, { error: `must be one of ${SUBMIT_STYLES.join(', ')}` })
      .default('apply-async'),
    /** The run is ended (like Stop) and marked failed after this long. */
    timeoutS: boundedInt('run time limit', L.timeoutS.min, L.timeoutS.max, seconds).default(
      L.timeoutS.default,
    ),
    /** 'auto' reuses a kept sequential run of the same workload or runs one first. */
    baseline: z.enum(['auto', 'skip'], { error: 'must be auto or skip' }).default('auto'),
    /** For demos and tests: the worker that picks up this task dies abruptly. */
    crashAtTask: z.number().int().min(0).optional(),
    label: z.string().max(80, { error: 'must be at most 80 characters' }).optional(),
    /**
     * Python threads model: how often the GIL is handed over (sys.setswitchinterval); omitted =
     * Python's own 5 ms. Longer turns make the threads' turns visible in 50 ms lanes.
     */
    switchIntervalMs: boundedInt('GIL switch interval', 1, 100, ms).optional(),
    /**
     * Async models: record each task's turns on the thread (task lanes). Off, the result holds
     * no task trace (its lanes' taskTrace is null); the event-loop delay is measured either way.
     */
    traceTasks: z.boolean({ error: 'must be true or false' }).default(true),
  })
  .strict()
  .superRefine((params, ctx) => {
    if (params.model === 'node-process-per-task' && params.tasks > L.processPerTaskTasks) {
      ctx.addIssue({
        code: 'custom',
        path: ['tasks'],
        message: `one process per task allows at most ${L.processPerTaskTasks} tasks (got ${params.tasks})`,
      });
    }
    if (params.model === 'node-thread-per-task' && params.tasks > L.threadPerTaskTasks) {
      ctx.addIssue({
        code: 'custom',
        path: ['tasks'],
        message: `one thread per task allows at most ${L.threadPerTaskTasks} tasks (got ${params.tasks})`,
      });
    }
    if (params.model === 'python-selectors' && !SELECTOR_WORKLOADS.includes(params.workload)) {
      ctx.addIssue({
        code: 'custom',
        path: ['workload'],
        message:
          `python-selectors drives sockets and timeouts from one thread, so it runs only the ` +
          `${SELECTOR_WORKLOADS.join(' and ')} workloads (got ${params.workload})`,
      });
    }
    const gated = params.workload === 'event' || params.workload === 'condition';
    const waitsOn = params.workload === 'event' ? 'threading.Event' : 'threading.Condition';
    if (gated && !EVENT_MODELS.includes(params.model)) {
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message:
          `the ${params.workload} workload makes Python threads wait on one ${waitsOn}, so it ` +
          `runs only with ${EVENT_MODELS.join(', ')} (got ${params.model})`,
      });
    }
    if (gated && params.submit === 'apply') {
      ctx.addIssue({
        code: 'custom',
        path: ['submit'],
        message:
          `the ${params.workload} workload needs every worker started and waiting before the ` +
          'release, so tasks are submitted all at once (apply-async), not one at a time',
      });
    }
    const waits = params.workload === 'timer' || params.workload === 'echo';
    const oneAtATime = isSequentialModel(params.model) || params.submit === 'apply';
    // A blocking wait holds an event loop's one thread: async models run those one at a time too.
    const blocks = params.workload === 'blocking' && (oneAtATime || isAsyncModel(params.model));
    if (
      (blocks || (waits && oneAtATime)) &&
      (params.tasks * params.latencyMs) / 1000 > params.timeoutS
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['tasks'],
        message:
          `${params.tasks} tasks × ${params.latencyMs} ms one at a time take at least ` +
          `${Math.ceil((params.tasks * params.latencyMs) / 1000)} s, more than the run time limit of ${params.timeoutS} s`,
      });
    }
    if (params.crashAtTask !== undefined && params.crashAtTask >= params.tasks) {
      ctx.addIssue({
        code: 'custom',
        path: ['crashAtTask'],
        message: `must be below the task count ${params.tasks}`,
      });
    }
  });

/** Parameters as a view may send them (defaults not yet applied). */
export type ExperimentParamsInput = z.input<typeof experimentParamsSchema>;
/** Validated parameters (defaults applied; workers may still be open). */
export type ExperimentParams = z.output<typeof experimentParamsSchema>;
/** Parameters of a run as it ran: every default filled in. */
export type ResolvedExperimentParams = ExperimentParams & { workers: number };

/** The 'experiment:start' request: runs to queue, in order. */
export const experimentStartSchema = z
  .object({
    runs: z
      .array(experimentParamsSchema)
      .min(1, { error: 'must list at least one run' })
      .max(L.queuedRuns, { error: `must list at most ${L.queuedRuns} runs` }),
  })
  .strict();

/** The 'experiment:set-python' request: a python3 path, or null to search the usual places. */
export const experimentPythonSchema = z
  .object({
    path: z
      .string()
      .min(1, { error: 'must not be empty (use null to search)' })
      .max(4096)
      .nullable(),
  })
  .strict();

/** The 'experiment:events' request. */
export const experimentEventsSchema = z.object({ runId: z.string().max(64) }).strict();

/** The Python interpreter the Python models use, or why there is none. */
export interface PythonStatus {
  available: boolean;
  /** The path that was tried last (configured or found). */
  path: string | null;
  /** True when the path was set by the user rather than searched. */
  configured: boolean;
  version: string | null;
  /** sys._is_gil_enabled() where it exists; true on interpreters that predate it. */
  gilEnabled: boolean | null;
  /** Where gilEnabled came from. */
  gilSource: 'sys._is_gil_enabled()' | 'interpreter predates free threading' | null;
  freeThreadedBuild: boolean | null;
  /** Whether gevent can be imported (the python-gevent model needs it); null when unknown. */
  gevent: boolean | null;
  /** A sentence for the user when unavailable. */
  error: string | null;
  /** The same, as the lab said it (so the page words it in its language). */
  errorSaid?: LabMessage;
}

/** Why this Python cannot run `model` though it runs the others (gevent missing), or null. */
export function pythonModelRefusal(model: Model, python: PythonStatus): LabMessage | null {
  if (model !== 'python-gevent' || !python.available || python.gevent !== false) return null;
  return said('geventMissing', { python: python.path ?? said('thisPython') });
}
