import type { ExperimentResult } from './experiment-results';
import type { ResolvedExperimentParams } from './experiment-params';
import { isAsyncModel, isSequentialModel } from './experiment-models';
import { formatCount } from './count-format';
import { englishPhrases, type Phrasebook } from './experiment-phrases';

/**
 * What a run's lesson predicts (its expected speedup) and whether the machine let it show
 * (other load): the conclusions compare the measured figures with these, so a sentence never
 * states a lesson its own figures contradict.
 */

/** Other programs' load above which a run's figures are flagged as disturbed, in cores. */
export const DISTURBED_OTHER_LOAD_CORES = 0.3;

/** The figures the expectations read (a result with or without its conclusion). */
export type MeasuredRun = Pick<
  ExperimentResult,
  'params' | 'status' | 'otherLoadCores' | 'parallelWorkers' | 'logicalCores' | 'python'
>;

/** True when other programs kept more than 0.3 cores busy during the run. */
export function isDisturbed(result: Pick<ExperimentResult, 'otherLoadCores'>): boolean {
  return (result.otherLoadCores ?? 0) > DISTURBED_OTHER_LOAD_CORES;
}

/** True for CPU-bound work that Python threads run one at a time (a GIL build or unknown). */
export function gilSerializes(result: MeasuredRun): boolean {
  return (
    (result.params.model === 'python-threads' || result.params.model === 'python-custom-pool') &&
    ['cpu', 'event', 'condition'].includes(result.params.workload) &&
    result.python?.gilEnabled !== false
  );
}

/** True when a run's tasks make a blocking call on an event loop (or greenlet hub): it stalls. */
export function blocksLoop(params: Pick<ResolvedExperimentParams, 'model' | 'workload'>): boolean {
  return params.workload === 'blocking' && isAsyncModel(params.model);
}

/** Threads or processes a run could use at once (the measured figure once it ran). */
function workersOf(result: MeasuredRun): number {
  const { params } = result;
  if (isSequentialModel(params.model)) return 1;
  if (isAsyncModel(params.model)) return Math.min(params.concurrency, params.tasks);
  if (params.submit === 'apply') return 1;
  const measured = result.status === 'ok' ? result.parallelWorkers : 0;
  return Math.max(1, Math.min(measured > 0 ? measured : params.workers, params.tasks));
}

/**
 * The speedup over one-at-a-time the lesson predicts: CPU work gains one step per core a
 * separate thread or process can use (none on one event loop, under the GIL or with apply);
 * waits gain one step per task in flight, unless they block an event loop.
 */
export function expectedSpeedup(result: MeasuredRun): number {
  const { params } = result;
  const workers = workersOf(result);
  if (params.workload === 'cpu') {
    if (isAsyncModel(params.model) || gilSerializes(result)) return 1;
    return Math.min(workers, result.logicalCores);
  }
  if (params.workload === 'mixed') return Math.min(workers, 2 * result.logicalCores);
  // A blocking call holds an event loop's one thread: its tasks wait one after another.
  if (blocksLoop(params)) return 1;
  return workers;
}

/** Cores the lesson of a custom run needs free: one per worker it runs at once, at most all. */
export function coresNeeded(
  params: Pick<ResolvedExperimentParams, 'model' | 'submit' | 'workers'>,
  logicalCores: number,
): number {
  if (isSequentialModel(params.model) || isAsyncModel(params.model)) return 1;
  if (params.submit === 'apply') return 1;
  return Math.max(1, Math.min(params.workers, logicalCores));
}

/** "64 tasks × 200,000 numbers": how much work a run did, in the phrasebook's words. */
export function workSize(params: ResolvedExperimentParams, p: Phrasebook = englishPhrases): string {
  const count = formatCount(params.tasks);
  const tasks = p(params.tasks === 1 ? 'work.tasks1' : 'work.tasks', { n: count });
  const numbers = p('work.numbers', { n: formatCount(params.cpuSize) });
  const ms = params.latencyMs;
  return p(`work.${params.workload}`, { tasks, numbers, ms, kib: params.fileKiB });
}

/** The span of the CPU chart's newest samples the free-core figure averages over. */
export const FREE_CORES_WINDOW_MS = 2000;

/**
 * Cores free on average over the newest `windowMs` of CPU samples (busy % per core and of the
 * machine), every program counted; null with no samples.
 */
export function freeCoresOf(
  samples: readonly { time: number; total: number; cores: readonly number[] }[],
  windowMs = FREE_CORES_WINDOW_MS,
): number | null {
  const newest = samples[samples.length - 1];
  if (newest === undefined) return null;
  const recent = samples.filter((s) => s.time >= newest.time - windowMs);
  const busy = recent.reduce((sum, s) => sum + s.total, 0) / (100 * recent.length);
  return Math.max(0, newest.cores.length * (1 - busy));
}
