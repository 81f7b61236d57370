import type { ExperimentResult, ResolvedExperimentParams } from './experiments';
import { WORKLOAD_LABELS, isAsyncModel, isSequentialModel } from './experiments';
import { expectedSpeedup, gilSerializes, isDisturbed } from './experiment-expectations';

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

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** Speedups inside this band read "about as fast": closer than that is measurement noise. */
const FASTER = 1.15;
const SLOWER = 0.87;

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
    case 'python-custom-pool':
      return `${n} hand-pooled Python ${n === 1 ? 'thread' : 'threads'}${apply}`;
    case 'python-processes':
      return `${n} Python ${n === 1 ? 'process' : 'processes'}${apply}`;
    case 'python-selectors':
      return `one Python thread, ${params.concurrency} sockets in flight`;
    case 'python-asyncio':
      return `Python asyncio, ${params.concurrency} in flight`;
    case 'python-gevent':
      return `Python gevent, ${params.concurrency} greenlets in flight`;
  }
}

/** The measured effect in words; the sign always follows the speedup (faster only above 1). */
function verdict(speedup: number): string {
  if (speedup >= FASTER) return `${times(speedup)} faster than one at a time`;
  if (speedup <= SLOWER) return `${times(1 / speedup)} slower than one at a time`;
  return 'about as fast as one at a time';
}

function speedupClause(result: UnconcludedResult): string {
  if (result.speedup === null || isSequentialModel(result.params.model)) return '';
  return `, ${verdict(result.speedup)}`;
}

function otherPrograms(result: Pick<ExperimentResult, 'otherLoadCores'>): string {
  return `other programs kept ${coresPhrase(result.otherLoadCores ?? 0)}`;
}

/** What was measured about the baseline a run's speedup divides by. */
export type BaselineFigures = Pick<ExperimentResult, 'otherLoadCores'>;

/** Why a run that should not have gained did: the likeliest cause, from the figures. */
function unexpectedGainCause(result: UnconcludedResult, baseline: BaselineFigures | null): string {
  if (baseline !== null && isDisturbed(baseline)) {
    return `the one-at-a-time baseline was slowed: ${otherPrograms(baseline)} while it ran`;
  }
  if (gilSerializes(result) && result.coresBusy > 1.3) {
    return 'they kept more than one core busy, so this interpreter seems to run Python threads in parallel (no GIL)';
  }
  if (gilSerializes(result) && result.python?.gilEnabled !== true) {
    return 'this interpreter may have no GIL, or the one-at-a-time baseline was slowed by other load';
  }
  return 'the one-at-a-time baseline was likely slowed by other load';
}

/** Why overlapping or parallel workers gained less than the lesson predicts. */
function shortfallCause(result: UnconcludedResult, usable: number): string {
  const startup = result.workerStartupMs ?? null;
  if (isDisturbed(result)) return otherPrograms(result);
  if (startup !== null && startup >= 0.25 * result.wallMs) {
    return `starting ${result.parallelWorkers} workers cost ${seconds(startup)}`;
  }
  if (result.coresBusy < 0.75 * usable) {
    return 'there were too few tasks, or too short ones, to keep every worker busy';
  }
  return `the work was too small to pay for starting ${result.parallelWorkers} workers`;
}

function cpuConclusion(
  result: UnconcludedResult,
  who: string,
  baseline: BaselineFigures | null,
): string {
  const { params, coresBusy, speedup } = result;
  const busy = `${who} kept ${coresPhrase(coresBusy)}${speedupClause(result)}`;
  if (isSequentialModel(params.model)) return `${busy}: one thread can use one core at most`;
  const expected = expectedSpeedup(result);
  const gil = gilSerializes(result);
  if (gil || isAsyncModel(params.model) || params.submit === 'apply') {
    const lesson = gil
      ? 'the GIL lets one thread run Python at a time'
      : isAsyncModel(params.model)
        ? 'coroutines take turns on one thread, so CPU-bound work does not speed up'
        : 'apply waits for each result, so only one worker runs at a time';
    const gainLimit = gil ? 1.2 : FASTER;
    if (speedup !== null && speedup > gainLimit) {
      const should = gil
        ? 'though the GIL should have held them to about 1×'
        : isAsyncModel(params.model)
          ? 'though coroutines on one thread should not speed up CPU work'
          : 'though apply runs one task at a time';
      return `${busy}, ${should}: ${unexpectedGainCause(result, baseline)}`;
    }
    if (speedup !== null && speedup <= SLOWER && isDisturbed(result)) {
      return `${busy}: ${lesson}, and ${otherPrograms(result)}`;
    }
    return `${busy}: ${lesson}`;
  }
  if (result.parallelWorkers > 2 * result.logicalCores) {
    return (
      `${busy} on ${result.logicalCores} cores with ${result.involuntaryCtxSwitches.toLocaleString('en-US')} ` +
      'involuntary context switches: more threads than cores only adds switching'
    );
  }
  const usable = Math.min(result.parallelWorkers, result.logicalCores);
  if (params.tasks < usable) {
    return `${busy}: ${params.tasks} ${params.tasks === 1 ? 'task' : 'tasks'} cannot keep ${usable} workers busy`;
  }
  const shortfall = speedup !== null ? speedup < 0.75 * expected : coresBusy < 0.75 * usable;
  const met =
    params.model === 'python-threads' || params.model === 'python-custom-pool'
      ? 'this interpreter has no GIL, so its threads run Python in parallel'
      : 'separate threads or processes run on separate cores at once';
  if (!shortfall) return `${busy}: ${met}`;
  const head =
    coresBusy < 0.75 * usable
      ? `${who} kept only ${formatCores(coresBusy)} of ${usable} cores busy${speedupClause(result)}`
      : busy;
  const got = speedup === null ? '' : `; got ${times(speedup)}`;
  return (
    `${head}: expected about ${times(expected)} from ${usable} workers${got} ` +
    `because ${shortfallCause(result, usable)}`
  );
}

function ioConclusion(result: UnconcludedResult, who: string): string {
  const { params, coresBusy, speedup } = result;
  const pool =
    result.libuvPoolThreads !== null
      ? ` (the reads themselves ran on libuv's pool of ${result.libuvPoolThreads} threads)`
      : '';
  if (expectedSpeedup(result) <= 1) {
    return `${who} waited for each task in turn with ${coresPhrase(coresBusy)}${speedupClause(result)}${pool}`;
  }
  if (speedup === null || speedup >= FASTER) {
    return (
      `${who} overlapped the waits${speedupClause(result)} with only ${coresPhrase(coresBusy)}: ` +
      `waiting needs no CPU${pool}`
    );
  }
  const startup = result.workerStartupMs ?? null;
  const why =
    isDisturbed(result) && (startup === null || startup < 0.25 * result.wallMs)
      ? otherPrograms(result)
      : startup !== null && startup >= 0.25 * result.wallMs
        ? `starting ${result.parallelWorkers} workers cost ${seconds(startup)}, more than the waits they overlapped`
        : isAsyncModel(params.model)
          ? "each task's own work outweighed its wait"
          : 'handing tasks to the workers cost more than the waits they overlapped';
  return `${who} finished ${verdict(speedup)} with ${coresPhrase(coresBusy)}: ${why}${pool}`;
}

function mixedConclusion(result: UnconcludedResult, who: string): string {
  const busy = `${who} kept ${coresPhrase(result.coresBusy)}${speedupClause(result)}`;
  const expected = expectedSpeedup(result);
  if (result.speedup !== null && expected > 1 && result.speedup < SLOWER) {
    return `${busy}: ${shortfallCause(result, Math.min(result.parallelWorkers, result.logicalCores))}`;
  }
  return `${busy}: the CPU parts need cores, the waits only need overlapping`;
}

/** The ⚠ flag a disturbed run's conclusion ends with, unless its cause already says so. */
function disturbedFlag(result: UnconcludedResult, sentence: string): string {
  if (!isDisturbed(result) || sentence.includes(otherPrograms(result))) return sentence;
  return `${sentence} (⚠ ${otherPrograms(result)} during this run: its figures are unreliable)`;
}

/**
 * The one-line conclusion of a finished run. `baseline` is the one-at-a-time run its speedup
 * divides by, when known: a slowed baseline explains a gain the lesson does not predict.
 */
export function concludeRun(
  result: UnconcludedResult,
  baseline: BaselineFigures | null = null,
): string {
  const who = runLabel(result.params);
  if (result.status === 'stopped')
    return `${who}: stopped before the end (${result.error ?? 'Stop'})`;
  if (result.status === 'timeout')
    return `${who}: ${result.error ?? 'timed out'}; the run was ended`;
  if (result.status === 'failed') return `${who} failed: ${result.error ?? 'unknown error'}`;
  if (!result.checksumOk) {
    return `${who} finished with the wrong checksum (${String(result.checksum)}, expected ${String(result.expectedChecksum)})`;
  }
  const sentence =
    result.params.workload === 'cpu'
      ? cpuConclusion(result, who, baseline)
      : result.params.workload === 'mixed'
        ? mixedConclusion(result, who)
        : ioConclusion(result, who);
  return disturbedFlag(result, sentence);
}

/** Two lines over the compare view: what the lessons predict, and what was measured. */
export interface CompareHeadline {
  expected: string;
  observed: string;
}

function sameWork(a: ResolvedExperimentParams, b: ResolvedExperimentParams): boolean {
  return (
    a.workload === b.workload &&
    a.tasks === b.tasks &&
    a.cpuSize === b.cpuSize &&
    a.latencyMs === b.latencyMs &&
    a.fileKiB === b.fileKiB
  );
}

function listOf(labels: readonly string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1] ?? ''}`;
}

function expectedOf(group: readonly ExperimentResult[]): string {
  const parallel = group.filter((r) => !isSequentialModel(r.params.model));
  if (parallel.length === 0) return 'one at a time, the runs should take about as long';
  const best = Math.max(...parallel.map(expectedSpeedup));
  if (best <= 1)
    return `${listOf(parallel.map((r) => runLabel(r.params)))} about as fast as one at a time`;
  const top = parallel.filter((r) => expectedSpeedup(r) >= 0.75 * best);
  const flat = parallel.filter((r) => expectedSpeedup(r) <= 1);
  const about = group[0]?.params.workload === 'cpu' ? 'about' : 'up to';
  const flatText =
    flat.length === 0 ? '' : `; ${listOf(flat.map((r) => runLabel(r.params)))} no faster`;
  return `${listOf(top.map((r) => runLabel(r.params)))} fastest, ${about} ${times(best)} faster than one at a time${flatText}`;
}

function observedOf(group: readonly ExperimentResult[]): string {
  const byWall = [...group].sort((a, b) => a.wallMs - b.wallMs);
  const fastest = byWall[0];
  const slowest = byWall[byWall.length - 1];
  if (fastest === undefined || slowest === undefined) return '';
  if (fastest === slowest) return `${runLabel(fastest.params)} alone`;
  const ratio = slowest.wallMs / Math.max(fastest.wallMs, 1e-6);
  const how = ratio >= FASTER ? `${times(ratio)} faster than` : 'about as fast as';
  const best = Math.max(...group.map(expectedSpeedup));
  const asExpected = best <= 1 || expectedSpeedup(fastest) >= 0.75 * best;
  return (
    `${runLabel(fastest.params)} finished ${how} ${runLabel(slowest.params)}, ` +
    `keeping ${coresPhrase(fastest.coresBusy)} against ${formatCores(slowest.coresBusy)}` +
    (asExpected ? '' : ', not what the lesson predicts')
  );
}

/** Expected and observed outcome of chosen runs, per workload; null with fewer than two. */
export function compareHeadline(results: readonly ExperimentResult[]): CompareHeadline | null {
  const ok = results.filter((r) => r.status === 'ok');
  if (ok.length < 2) return null;
  const groups = new Map<string, ExperimentResult[]>();
  for (const r of ok) groups.set(r.params.workload, [...(groups.get(r.params.workload) ?? []), r]);
  const named = groups.size > 1;
  const part = (text: (g: ExperimentResult[]) => string): string =>
    [...groups.values()]
      .map(
        (g) => `${named ? `${WORKLOAD_LABELS[g[0]?.params.workload ?? 'cpu']}: ` : ''}${text(g)}`,
      )
      .join('; ');
  const differs = [...groups.values()].some((g) =>
    g.some((r) => g[0] !== undefined && !sameWork(r.params, g[0].params)),
  );
  const disturbed = ok.filter(isDisturbed).length;
  const caveats = [
    differs ? ' (the runs did different amounts of work, so compare with care)' : '',
    disturbed === 0
      ? ''
      : ` (⚠ ${disturbed} of these runs ran while other programs kept more than 0.3 cores busy)`,
  ].join('');
  return {
    expected: `Expected: ${part(expectedOf)}.`,
    observed: `Observed: ${part(observedOf)}${caveats}.`,
  };
}

/** One line comparing chosen runs: "Expected … / Observed …". */
export function compareRuns(results: readonly ExperimentResult[]): string {
  const headline = compareHeadline(results);
  if (headline === null) return 'Choose at least two finished runs to compare.';
  return `${headline.expected} / ${headline.observed}`;
}
