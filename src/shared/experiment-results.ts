import { z } from 'zod';
import { MODELS, WORKLOADS, type Model, type Workload } from './experiment-models';
import type { PythonStatus, ResolvedExperimentParams } from './experiment-params';
import { runLanesSchema, type RunLanes } from './run-lanes';

/**
 * What an experiment run reports: its phases, progress, events and result, the lab's state, and
 * the schemas that check those payloads when a recording is read back.
 */

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
