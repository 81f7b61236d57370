import { z } from 'zod';
import { said, type LabMessage } from './lab-messages';
import { runLanesSchema, type RunLanes } from './run-lanes';
import { boundedInt } from './validation';

/**
 * Experiments: the parameters a run takes (with the schema that validates them at the trust
 * boundary), the progress, events and results it produces, and the presets that queue the
 * runs a lesson needs. Shared by the lab (src/core/experiments) and its views.
 */

/** What each task does. */
export const WORKLOADS = [
  'cpu',
  'timer',
  'file',
  'echo',
  'mixed',
  'event',
  'condition',
  'blocking',
] as const;
/** A workload's id. */
export type Workload = (typeof WORKLOADS)[number];

/** How the tasks are run. */
export const MODELS = [
  'node-sequential',
  'node-async',
  'node-worker-pool',
  'node-process-pool',
  'node-process-per-task',
  'node-thread-per-task',
  'python-sequential',
  'python-threads',
  'python-custom-pool',
  'python-processes',
  'python-asyncio',
  'python-selectors',
  'python-gevent',
] as const;
/** An execution model's id. */
export type Model = (typeof MODELS)[number];

/** How a pool is fed: wait for each task (`apply`) or submit all, close and join. */
export const SUBMIT_STYLES = ['apply-async', 'apply'] as const;
/** A pool submit style. */
export type SubmitStyle = (typeof SUBMIT_STYLES)[number];

/** Human names of the workloads, for menus and conclusions. */
export const WORKLOAD_LABELS: Record<Workload, string> = {
  cpu: 'CPU-bound (count primes)',
  timer: 'I/O-bound: timer waits',
  file: 'I/O-bound: file reads',
  echo: 'I/O-bound: loopback requests',
  mixed: 'Mixed: CPU + wait',
  event: 'Event: wait, then all released together',
  condition: 'Condition: wait, then notify_all (they leave one by one)',
  blocking: 'Blocking call: a synchronous sleep inside the task',
};

/** Models that run the event and condition workloads: Python threads blocked on one object. */
export const EVENT_MODELS: readonly Model[] = [
  'python-sequential',
  'python-threads',
  'python-custom-pool',
];

/** Human names of the models, for menus and conclusions. */
export const MODEL_LABELS: Record<Model, string> = {
  'node-sequential': 'Node: sequential (one thread)',
  'node-async': 'Node: async, one event loop',
  'node-worker-pool': 'Node: pool of worker threads',
  'node-process-pool': 'Node: pool of child processes',
  'node-process-per-task': 'Node: one process per task',
  'node-thread-per-task': 'Node: one thread per task',
  'python-sequential': 'Python: sequential',
  'python-threads': 'Python: ThreadPoolExecutor',
  'python-custom-pool': 'Python: hand-written thread pool (queue.Queue + threads)',
  'python-processes': 'Python: multiprocessing.Pool',
  'python-asyncio': 'Python: asyncio.gather + semaphore',
  'python-selectors': 'Python: one thread, many sockets (selectors/epoll)',
  'python-gevent': 'Python: gevent greenlets (monkey-patched)',
};

/** Workloads a one-thread selector loop can drive: sockets and timeouts, no CPU or file work. */
export const SELECTOR_WORKLOADS: readonly Workload[] = ['echo', 'timer'];

/** True for models that run in the Python interpreter. */
export function isPythonModel(model: Model): boolean {
  return model.startsWith('python-');
}

/** The sequential model of the same language: the baseline for speedup. */
export function baselineModelOf(model: Model): Model {
  return isPythonModel(model) ? 'python-sequential' : 'node-sequential';
}

/** True for models whose parallelism is the concurrency limit rather than a worker count. */
export function isAsyncModel(model: Model): boolean {
  return (
    model === 'node-async' ||
    model === 'python-asyncio' ||
    model === 'python-selectors' ||
    model === 'python-gevent'
  );
}

/** True for models with one thread of execution (workers and concurrency do not apply). */
export function isSequentialModel(model: Model): boolean {
  return model === 'node-sequential' || model === 'python-sequential';
}

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

/** Where a run is in its life. */
export type RunPhase = 'queued' | 'starting' | 'baseline' | 'running' | 'finished';

/** How a run ended. */
export type RunStatus = 'ok' | 'failed' | 'stopped' | 'timeout';

/** Tasks done by one worker. */
export interface WorkerProgress {
  name: string;
  done: number;
}

/** Pushed on 'experiment:progress' about ten times a second while a run goes. */
export interface ExperimentProgress {
  runId: string;
  /** The run this progress is for; 'baseline' while its sequential baseline runs first. */
  phase: RunPhase;
  model: Model;
  workload: Workload;
  done: number;
  total: number;
  elapsedMs: number;
  workers: WorkerProgress[];
  /** Runs still waiting in the queue after this one. */
  queued: number;
}

/** Kinds of timeline events. */
export type ExperimentEventKind =
  'run-start' | 'run-stop' | 'worker-spawn' | 'worker-exit' | 'pool-threads' | 'note';

/** Pushed on 'experiment:event' and kept per run for the timeline. */
export interface ExperimentEvent {
  runId: string;
  kind: ExperimentEventKind;
  /** Wall-clock time, ms since the epoch. */
  time: number;
  /** Worker or thread name, e.g. 'cpu-w3'. */
  name?: string;
  pid?: number;
  tid?: number;
  exitCode?: number | null;
  signal?: string | null;
  /** Free text: why a run stopped, what a note says. */
  detail?: string;
  status?: RunStatus;
}

/** A finished run, kept for the session. */
export interface ExperimentResult {
  runId: string;
  params: ResolvedExperimentParams;
  /** True for the sequential run the lab queued itself for speedup; never set by a request. */
  isBaseline: boolean;
  status: RunStatus;
  /** Why a run failed or stopped. */
  error: string | null;
  startedAt: number;
  wallMs: number;
  /** User + system CPU of the whole process tree. */
  cpuMs: number;
  userMs: number;
  sysMs: number;
  /** CPU time / wall time: how many cores the run kept busy on average. */
  coresBusy: number;
  /** Baseline wall / this wall; null without a baseline. */
  speedup: number | null;
  /** Speedup / parallel workers; null without a baseline. */
  efficiency: number | null;
  baselineRunId: string | null;
  voluntaryCtxSwitches: number;
  involuntaryCtxSwitches: number;
  peakRssBytes: number;
  /**
   * Cores other programs kept busy during the run (machine busy − this run − the lab's own
   * cost); null if unknown.
   */
  otherLoadCores: number | null;
  /** What the lab itself cost during the run; null when not measured (failed runs, old files). */
  labCost: LabCost | null;
  /** Each thread and process of the run, slice by slice; null where not sampled (old files). */
  lanes: RunLanes | null;
  /**
   * From the run's start until its pool's last worker was ready; null for models without a
   * pool to start (and in files made before it was measured).
   */
  workerStartupMs?: number | null;
  tasksPerSec: number;
  checksum: number | null;
  /** Null when the run ended before its workload was prepared. */
  expectedChecksum: number | null;
  checksumOk: boolean;
  /** Threads and processes the run used at most (workers, not counting the host). */
  parallelWorkers: number;
  /** Threads of libuv's pool per process (file reads go through it). */
  libuvPoolThreads: number | null;
  /**
   * releaseSpreadMs: event and condition workloads, from the first worker leaving the wait to
   * the last (the workers' own clocks); absent for other runs.
   */
  python: { version: string; gilEnabled: boolean | null; releaseSpreadMs?: number } | null;
  logicalCores: number;
  /** One plain sentence: what the run shows. */
  conclusion: string;
}

/** The lab's own CPU over a run, in cores (CPU seconds / wall seconds). */
export interface LabCost {
  /** The lab's backend process (the one that runs the experiments). */
  backendCores: number;
  /** The page's renderer process(es); null when they are not known (never 0 for unknown). */
  pageCores: number | null;
}

/** The feature's state: what runs, what waits, which Python. */
export interface ExperimentState {
  running: {
    runId: string;
    params: ResolvedExperimentParams;
    phase: RunPhase;
    /** True for a baseline the lab queued itself. */
    isBaseline: boolean;
  } | null;
  queued: number;
  logicalCores: number;
  python: PythonStatus;
}

/** The answer to 'experiment:start'. */
export interface ExperimentStarted {
  runIds: string[];
  queued: number;
}

// Payload schemas of the experiment streams: a recording is read back from a file, so each
// payload is checked before a view or an export sees it. Fields the views and exports read are
// checked; anything else a later version adds passes through.

const runPhaseSchema = z.enum(['queued', 'starting', 'baseline', 'running', 'finished']);
const runStatusSchema = z.enum(['ok', 'failed', 'stopped', 'timeout']);
const resolvedParamsSchema = z
  .object({ model: z.enum(MODELS), workload: z.enum(WORKLOADS), workers: z.number() })
  .loose();

/** Checks an `experiment:progress` payload. */
export const experimentProgressSchema = z
  .object({
    runId: z.string(),
    phase: runPhaseSchema,
    model: z.enum(MODELS),
    workload: z.enum(WORKLOADS),
    done: z.number().nonnegative(),
    total: z.number().nonnegative(),
    elapsedMs: z.number().nonnegative(),
    workers: z.array(z.object({ name: z.string(), done: z.number() }).loose()),
    queued: z.number().nonnegative(),
  })
  .loose();

/** Checks an `experiment:event` payload. */
export const experimentEventSchema = z
  .object({
    runId: z.string(),
    kind: z.enum(['run-start', 'run-stop', 'worker-spawn', 'worker-exit', 'pool-threads', 'note']),
    time: z.number().min(0).max(8.64e15),
    name: z.string().optional(),
    pid: z.number().int().optional(),
    tid: z.number().int().optional(),
    detail: z.string().optional(),
  })
  .loose();

/** Checks an `experiment:result` payload. */
export const experimentResultSchema = z
  .object({
    runId: z.string(),
    params: resolvedParamsSchema,
    // Recordings made before the flag existed hold no baseline flag.
    isBaseline: z.boolean().default(false),
    status: runStatusSchema,
    error: z.string().nullable(),
    startedAt: z.number().min(0).max(8.64e15),
    wallMs: z.number().nonnegative(),
    cpuMs: z.number().nonnegative(),
    coresBusy: z.number().nonnegative(),
    speedup: z.number().nullable(),
    efficiency: z.number().nullable(),
    tasksPerSec: z.number().nonnegative(),
    logicalCores: z.number().int().positive(),
    conclusion: z.string(),
    // Recordings made before the lab measured itself hold none.
    labCost: z
      .object({
        backendCores: z.number().nonnegative(),
        pageCores: z.number().nonnegative().nullable(),
      })
      .loose()
      .nullable()
      .default(null),
    // Recordings made before runs had lanes hold none.
    lanes: runLanesSchema.nullable().default(null),
    // Recordings made before worker start-up was measured hold none.
    workerStartupMs: z.number().nonnegative().nullable().default(null),
  })
  .loose();

/** Checks an `experiment:state` payload. */
export const experimentStateSchema = z
  .object({
    running: z
      .object({
        runId: z.string(),
        params: resolvedParamsSchema,
        phase: runPhaseSchema,
        isBaseline: z.boolean().default(false),
      })
      .loose()
      .nullable(),
    queued: z.number().nonnegative(),
    logicalCores: z.number().int().positive(),
    python: z.object({ available: z.boolean() }).loose(),
  })
  .loose();
