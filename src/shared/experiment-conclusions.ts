import type { ExperimentResult, ResolvedExperimentParams } from './experiments';
import { isAsyncModel, isSequentialModel } from './experiments';

/**
 * Plain-language conclusions: one sentence per run (kept with its result) and one per
 * comparison of chosen runs (the compare view). Pure functions of the measured figures.
 */

/** A result before its conclusion is written. */
export type UnconcludedResult = Omit<ExperimentResult, 'conclusion'>;

/** "1.0", "0.03": one decimal, more for small figures. */
export function formatCores(cores: number): string {
  return cores >= 0.095 ? cores.toFixed(1) : cores.toFixed(2);
}

function coresPhrase(cores: number): string {
  return `${formatCores(cores)} ${formatCores(cores) === '1.0' ? 'core' : 'cores'} busy`;
}

function times(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio)}×` : `${ratio.toFixed(1)}×`;
}

/** A short name for a run's model and size: "4 worker threads", "async, 100 in flight". */
export function runLabel(params: ResolvedExperimentParams): string {
  const n = params.workers;
  const apply = params.submit === 'apply' ? ' (apply)' : '';
  switch (params.model) {
    case 'node-sequential':
      return 'Node, one thread';
    case 'node-async':
      return `Node async, ${params.concurrency} in flight`;
    case 'node-worker-pool':
      return `${n} Node worker ${n === 1 ? 'thread' : 'threads'}${apply}`;
    case 'node-process-pool':
      return `${n} Node ${n === 1 ? 'process' : 'processes'}${apply}`;
    case 'node-thread-per-task':
      return `Node thread per task, ${n} at a time`;
    case 'node-process-per-task':
      return `Node process per task, ${n} at a time`;
    case 'python-sequential':
      return 'Python, one thread';
    case 'python-threads':
      return `${n} Python ${n === 1 ? 'thread' : 'threads'}${apply}`;
    case 'python-processes':
      return `${n} Python ${n === 1 ? 'process' : 'processes'}${apply}`;
    case 'python-asyncio':
      return `Python asyncio, ${params.concurrency} in flight`;
  }
}

function speedupClause(result: UnconcludedResult): string {
  if (result.speedup === null || isSequentialModel(result.params.model)) return '';
  if (result.speedup >= 1.15) return `, ${times(result.speedup)} faster than one at a time`;
  if (result.speedup <= 0.87) return `, ${times(1 / result.speedup)} slower than one at a time`;
  return ', no faster than one at a time';
}

function cpuConclusion(result: UnconcludedResult, who: string): string {
  const { params, coresBusy } = result;
  const busy = `${who} kept ${coresPhrase(coresBusy)}${speedupClause(result)}`;
  if (params.model === 'python-threads' && result.python?.gilEnabled !== false) {
    return `${busy}: the GIL lets one thread run Python at a time`;
  }
  if (params.model === 'python-threads') {
    return `${busy}: this interpreter has no GIL, so its threads run Python in parallel`;
  }
  if (isAsyncModel(params.model)) {
    return `${busy}: coroutines take turns on one thread, so CPU-bound work does not speed up`;
  }
  if (params.submit === 'apply' && result.parallelWorkers === 1 && params.workers > 1) {
    return `${busy}: apply waits for each result, so only one worker runs at a time`;
  }
  if (result.parallelWorkers > 2 * result.logicalCores) {
    return (
      `${busy} on ${result.logicalCores} cores with ${result.involuntaryCtxSwitches.toLocaleString('en-US')} ` +
      'involuntary context switches: more threads than cores only adds switching'
    );
  }
  if (result.parallelWorkers === 1) return `${busy}: one thread can use one core at most`;
  const usable = Math.min(result.parallelWorkers, result.logicalCores);
  if (coresBusy < 0.75 * usable) {
    const others = result.otherLoadCores ?? 0;
    const why =
      others >= 0.25 * usable
        ? `other programs kept ${formatCores(others)} cores busy meanwhile`
        : 'there were too few tasks, or too short ones, to keep every worker busy';
    return `${who} kept only ${formatCores(coresBusy)} of ${usable} cores busy${speedupClause(result)}: ${why}`;
  }
  if (result.speedup !== null && result.speedup < 1.15) {
    return `${busy}: the work was too small to pay for starting ${result.parallelWorkers} workers`;
  }
  return `${busy}: separate threads or processes run on separate cores at once`;
}

function ioConclusion(result: UnconcludedResult, who: string): string {
  const { params, coresBusy } = result;
  const pool =
    result.libuvPoolThreads !== null
      ? ` (the reads themselves ran on libuv's pool of ${result.libuvPoolThreads} threads)`
      : '';
  if (result.parallelWorkers === 1 && !isAsyncModel(params.model)) {
    return `${who} waited for each task in turn with ${coresPhrase(coresBusy)}${speedupClause(result)}${pool}`;
  }
  return (
    `${who} overlapped the waits${speedupClause(result)} with only ${coresPhrase(coresBusy)}: ` +
    `waiting needs no CPU${pool}`
  );
}

/** The one-line conclusion of a finished run. */
export function concludeRun(result: UnconcludedResult): string {
  const who = runLabel(result.params);
  if (result.status === 'stopped')
    return `${who}: stopped before the end (${result.error ?? 'Stop'})`;
  if (result.status === 'timeout')
    return `${who}: ${result.error ?? 'timed out'}; the run was ended`;
  if (result.status === 'failed') return `${who} failed: ${result.error ?? 'unknown error'}`;
  if (!result.checksumOk) {
    return `${who} finished with the wrong checksum (${String(result.checksum)}, expected ${String(result.expectedChecksum)})`;
  }
  if (result.params.workload === 'cpu') return cpuConclusion(result, who);
  if (result.params.workload === 'mixed') {
    return `${who} kept ${coresPhrase(result.coresBusy)}${speedupClause(result)}: the CPU parts need cores, the waits only need overlapping`;
  }
  return ioConclusion(result, who);
}

/** One sentence comparing chosen runs: the fastest against the slowest, with cores busy. */
export function compareRuns(results: readonly ExperimentResult[]): string {
  const ok = results.filter((r) => r.status === 'ok');
  if (ok.length < 2) return 'Choose at least two finished runs to compare.';
  const byWall = [...ok].sort((a, b) => a.wallMs - b.wallMs);
  const fastest = byWall[0];
  const slowest = byWall[byWall.length - 1];
  if (fastest === undefined || slowest === undefined) return '';
  const sameWork = ok.every(
    (r) =>
      r.params.workload === fastest.params.workload &&
      r.params.tasks === fastest.params.tasks &&
      r.params.cpuSize === fastest.params.cpuSize &&
      r.params.latencyMs === fastest.params.latencyMs,
  );
  const caveat = sameWork ? '' : ' (the runs did different work, so compare with care)';
  const ratio = slowest.wallMs / Math.max(fastest.wallMs, 1e-6);
  return (
    `${runLabel(fastest.params)} finished ${times(ratio)} faster than ${runLabel(slowest.params)}, ` +
    `keeping ${coresPhrase(fastest.coresBusy)} against ${formatCores(slowest.coresBusy)}${caveat}`
  );
}
