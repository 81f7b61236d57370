import { concludeRun, type UnconcludedResult } from '../../../shared/experiment-conclusions';
import { isAsyncModel, isPythonModel, isSequentialModel } from '../../../shared/experiment-models';
import type {
  ExperimentEvent,
  ExperimentResult,
  LabCost,
} from '../../../shared/experiment-results';
import type { ResolvedExperimentParams } from '../../../shared/experiment-params';
import type { HostRunOutcome } from './host-run';
import type { RunLanes } from '../../../shared/run-lanes';

/**
 * Turns what a host measured into a result: derived figures (cores busy, speedup, efficiency,
 * tasks/s), the checksum verdict and the conclusion.
 */

/** Runs with the same key did the same work, so one is the other's baseline. */
export function baselineKey(params: ResolvedExperimentParams): string {
  const { workload } = params;
  const parts: (string | number)[] = [
    isPythonModel(params.model) ? 'python' : 'node',
    workload,
    params.tasks,
  ];
  if (['cpu', 'mixed', 'event', 'condition'].includes(workload)) parts.push(`n${params.cpuSize}`);
  const waits = ['timer', 'echo', 'mixed', 'event', 'condition', 'blocking'];
  if (waits.includes(workload)) parts.push(`l${params.latencyMs}`);
  if (workload === 'file') parts.push(`f${params.fileKiB}`);
  return parts.join('|');
}

/** The newest kept sequential run that did the same work, if any. */
export function findBaseline(
  params: ResolvedExperimentParams,
  kept: readonly ExperimentResult[],
): ExperimentResult | null {
  const key = baselineKey(params);
  for (let i = kept.length - 1; i >= 0; i -= 1) {
    const result = kept[i];
    if (result === undefined || result.status !== 'ok' || !result.checksumOk) continue;
    if (isSequentialModel(result.params.model) && baselineKey(result.params) === key) return result;
  }
  return null;
}

/** Models whose clock runs while their pool of workers starts. */
const POOL_MODELS = new Set([
  'node-worker-pool',
  'node-process-pool',
  'python-threads',
  'python-processes',
]);

/**
 * How long a pool took to start: from the run's start to the ready report of the last of its
 * first `workers` workers (per-task models start workers all along; loops are clocked once
 * ready). Null when the events do not show it.
 */
export function workerStartupMs(
  params: ResolvedExperimentParams,
  events: readonly ExperimentEvent[],
): number | null {
  if (!POOL_MODELS.has(params.model)) return null;
  const start = events.find((e) => e.kind === 'run-start')?.time;
  const spawns = events
    .filter((e) => e.kind === 'worker-spawn' && e.name !== 'py-main')
    .slice(0, params.workers);
  const last = spawns[spawns.length - 1]?.time;
  return start === undefined || last === undefined ? null : Math.max(0, last - start);
}

/** Builds the kept result of a run from its outcome. */
export function buildResult(options: {
  runId: string;
  params: ResolvedExperimentParams;
  isBaseline: boolean;
  outcome: HostRunOutcome;
  baseline: ExperimentResult | null;
  logicalCores: number;
  startedAt: number;
  elapsedMs: number;
  /** The lab's own CPU over the run's interval; null when it was not measured. */
  labCost: LabCost | null;
  /** The run's lanes, as sampled while it ran; null when they were not sampled. */
  lanes: RunLanes | null;
  /** The run's timeline events so far (for the pool's start-up); none when not kept. */
  events?: readonly ExperimentEvent[];
}): ExperimentResult {
  const { runId, params, isBaseline, outcome, baseline, logicalCores } = options;
  let result: UnconcludedResult;
  if (outcome.status !== 'ok') {
    result = {
      runId,
      params,
      isBaseline,
      status: outcome.status,
      error: outcome.error,
      startedAt: options.startedAt,
      wallMs: options.elapsedMs,
      cpuMs: 0,
      userMs: 0,
      sysMs: 0,
      coresBusy: 0,
      speedup: null,
      efficiency: null,
      baselineRunId: null,
      voluntaryCtxSwitches: 0,
      involuntaryCtxSwitches: 0,
      peakRssBytes: 0,
      otherLoadCores: null,
      labCost: null,
      lanes: options.lanes,
      tasksPerSec: 0,
      checksum: null,
      expectedChecksum: null,
      checksumOk: false,
      parallelWorkers: 0,
      libuvPoolThreads: null,
      python: null,
      logicalCores,
    };
  } else {
    const m = outcome.measurement;
    const cpuMs = m.userMs + m.sysMs;
    const wallMs = Math.max(m.wallMs, 1e-3);
    const { labCost } = options;
    // The lab watching the run is not "another program": its own cost is shown apart.
    const labCores = labCost === null ? 0 : labCost.backendCores + (labCost.pageCores ?? 0);
    const sequential = isSequentialModel(params.model);
    const speedup = sequential ? 1 : baseline !== null ? baseline.wallMs / wallMs : null;
    const efficiency =
      speedup === null || isAsyncModel(params.model)
        ? null
        : speedup / Math.max(1, m.parallelWorkers);
    result = {
      runId,
      params,
      isBaseline,
      status: 'ok',
      error: null,
      startedAt: m.startedAt,
      wallMs: m.wallMs,
      cpuMs,
      userMs: m.userMs,
      sysMs: m.sysMs,
      coresBusy: cpuMs / wallMs,
      speedup,
      efficiency,
      baselineRunId: sequential ? runId : (baseline?.runId ?? null),
      voluntaryCtxSwitches: m.voluntaryCtxSwitches,
      involuntaryCtxSwitches: m.involuntaryCtxSwitches,
      peakRssBytes: m.peakRssBytes,
      otherLoadCores: Math.max(0, m.machineBusyCores - cpuMs / wallMs - labCores),
      labCost,
      lanes: options.lanes,
      workerStartupMs: workerStartupMs(params, options.events ?? []),
      tasksPerSec: (params.tasks * 1000) / wallMs,
      checksum: m.checksum,
      expectedChecksum: m.expectedChecksum,
      checksumOk: m.checksum === m.expectedChecksum,
      parallelWorkers: m.parallelWorkers,
      libuvPoolThreads: m.libuvPoolThreads,
      python: m.python,
      logicalCores,
    };
  }
  return { ...result, conclusion: concludeRun(result, baseline) };
}
