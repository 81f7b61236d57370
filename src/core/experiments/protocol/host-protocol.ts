import type { ExperimentEvent, WorkerProgress } from '../../../shared/experiment-results';
import type { ResolvedExperimentParams } from '../../../shared/experiment-params';
import type { LoopDelay } from '../../../shared/task-lanes';
import type { RawTaskTrace } from './task-trace';

/** Messages between the lab (lab/host-run.ts) and an experiment host process (entries/experiment-host.ts). */

/** A timeline event as the host sees it (the runner adds the run id). */
export type HostEvent = Omit<ExperimentEvent, 'runId'>;

/** Runner → host: the one run this host performs. */
export interface HostRunRequest {
  type: 'run';
  params: ResolvedExperimentParams;
  /** A fresh folder for generated files (the runner removes it afterwards). */
  fileDir: string | null;
  /** The interpreter for Python models. */
  pythonPath: string | null;
}

/** What the host measured over a finished run. */
export interface HostMeasurement {
  startedAt: number;
  wallMs: number;
  userMs: number;
  sysMs: number;
  voluntaryCtxSwitches: number;
  involuntaryCtxSwitches: number;
  peakRssBytes: number;
  /** Cores the whole machine kept busy during the run, this run included. */
  machineBusyCores: number;
  checksum: number;
  expectedChecksum: number;
  parallelWorkers: number;
  libuvPoolThreads: number | null;
  python: { version: string; gilEnabled: boolean | null; releaseSpreadMs?: number } | null;
}

/** Host → runner. */
export type FromHost =
  | { type: 'ready'; pid: number }
  | { type: 'event'; event: HostEvent }
  | { type: 'progress'; done: number; total: number; elapsedMs: number; workers: WorkerProgress[] }
  | { type: 'pids'; pids: number[] }
  /** Python threads' GIL turns, [start, end] ms on CLOCK_MONOTONIC per worker. */
  | { type: 'turns'; turns: Record<string, [number, number][]> }
  /** An async model's tasks and their turns (CLOCK_MONOTONIC ms), once, at the end. */
  | { type: 'tasks'; trace: RawTaskTrace }
  /**
   * An async model's event-loop delay since the last report, about once a second; `wholeRun`:
   * once at the end, over the whole loop.
   */
  | { type: 'loop-delay'; delay: LoopDelay; wholeRun?: boolean }
  | { type: 'measured'; measurement: HostMeasurement }
  | { type: 'failed'; error: string };
