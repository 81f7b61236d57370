import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { LabError, labError } from '../../../shared/lab-messages';
import {
  EXPERIMENT_LIMITS,
  experimentParamsSchema,
  pythonModelRefusal,
  type ExperimentParams,
  type PythonStatus,
  type ResolvedExperimentParams,
} from '../../../shared/experiment-params';
import {
  baselineModelOf,
  isPythonModel,
  isSequentialModel,
  type Model,
} from '../../../shared/experiment-models';
import type {
  ExperimentEvent,
  ExperimentResult,
  ExperimentStarted,
  LabCost,
  ExperimentState,
  RunPhase,
} from '../../../shared/experiment-results';
import type { StreamPayloads } from '../../../shared/contract';
import type { StreamEmitter } from '../../feature';
import type { TrackedProcesses } from '../../tracked-processes';
import { availableMemoryBytes, memoryShortfall } from './memory-estimate';
import { findPython } from './python-finder';
import { baselineKey, buildResult, findBaseline } from './results';
import { HostRun } from './host-run';
import { startLabCost, type LabCostMeter } from './lab-cost';
import { RunLanesSampler } from './run-lanes-sampler';

/** The streams the experiments push. */
export type ExperimentStreams = Pick<
  StreamPayloads,
  | 'experiment:progress'
  | 'experiment:event'
  | 'experiment:result'
  | 'experiment:state'
  | 'experiment:lanes'
>;

/** Settings of the experiments lab. */
export interface ExperimentLabOptions {
  /** Pushes the experiment streams (progress, event, result, state). */
  emit: StreamEmitter;
  tracked: TrackedProcesses;
  /** Default worker count; the machine's logical cores unless given. */
  logicalCores?: number;
  /** A python3 path to use instead of searching. */
  pythonPath?: string | null;
  /** Memory free for a run, in bytes (default: MemAvailable, read at each start). */
  availableMemoryBytes?: () => number;
  /** The page's renderer processes, for the lab's own cost; none known by default. */
  pageProcessIds?: () => number[];
}

interface QueuedRun {
  runId: string;
  params: ResolvedExperimentParams;
  phase: RunPhase;
  /** Queued by the lab for a speedup, not asked for: a request cannot set this. */
  isBaseline: boolean;
}

/** Models whose tasks take turns on one event loop: their lanes get task lanes and loop delay. */
const TASK_MODELS: ReadonlySet<Model> = new Set(['node-async', 'python-asyncio', 'python-gevent']);

const MAX_RESULTS = 200;
const MAX_EVENTS_PER_RUN = 5000;
const MAX_RUNS_WITH_EVENTS = 50;

/**
 * Experiments for a session: a queue of runs, each in its own host process, one at a time
 * (concurrent runs would steal each other's cores); the kept results; timeline events;
 * the Python interpreter. Reports the running tree's pids to TrackedProcesses.
 */
export class ExperimentLab {
  private readonly queue: QueuedRun[] = [];
  private readonly results: ExperimentResult[] = [];
  private readonly events = new Map<string, ExperimentEvent[]>();
  private current: { run: QueuedRun; host: HostRun } | null = null;
  private draining: Promise<void> | null = null;
  private python: Promise<PythonStatus> | null = null;
  private pythonPath: string | null;
  private nextId = 1;
  private disposed = false;
  private readonly logicalCores: number;

  constructor(private readonly options: ExperimentLabOptions) {
    this.logicalCores = options.logicalCores ?? os.availableParallelism();
    this.pythonPath = options.pythonPath ?? null;
  }

  /** The interpreter status (searched once, then cached until the path changes). */
  pythonStatus(): Promise<PythonStatus> {
    this.python ??= findPython(this.pythonPath);
    return this.python;
  }

  /** Sets the python3 path (null: search the usual places) and checks it. */
  setPythonPath(path: string | null): Promise<PythonStatus> {
    this.pythonPath = path;
    this.python = null;
    const status = this.pythonStatus();
    void status.then(() => this.emitState());
    return status;
  }

  /** Validates, fills in defaults, adds baselines where needed and queues the runs. */
  async start(requested: readonly ExperimentParams[]): Promise<ExperimentStarted> {
    if (this.disposed) throw labError('labShuttingDown');
    const runs = requested.map((params) => this.resolve(params));
    const available = (this.options.availableMemoryBytes ?? availableMemoryBytes)();
    for (const [index, params] of runs.entries()) {
      const refusal = memoryShortfall(params, available);
      if (refusal !== null) throw labError('runRefused', { run: index + 1, why: refusal });
    }
    if (runs.some((params) => isPythonModel(params.model))) {
      const python = await this.pythonStatus();
      if (!python.available) {
        if (python.errorSaid !== undefined) throw new LabError(python.errorSaid);
        throw python.error === null ? labError('pythonUnavailable') : new Error(python.error);
      }
      for (const [index, params] of runs.entries()) {
        const refusal = pythonModelRefusal(params.model, python);
        if (refusal !== null) throw labError('runRefused', { run: index + 1, why: refusal });
      }
    }
    const planned: QueuedRun[] = [];
    for (const params of runs) {
      const baseline = this.baselineFor(params, planned);
      if (baseline !== null) planned.push(this.plan(baseline, true));
      planned.push(this.plan(params, false));
    }
    const cap = EXPERIMENT_LIMITS.queuedTotal;
    if (this.queue.length + planned.length > cap) {
      throw labError('queueFull', { queued: this.queue.length, adding: planned.length, cap });
    }
    // Ids only for runs accepted, so a refused request leaves no gap in the numbering.
    for (const run of planned) {
      run.runId = `run-${this.nextId}`;
      this.nextId += 1;
    }
    this.queue.push(...planned);
    this.emitState();
    this.draining ??= this.drain();
    return { runIds: planned.map((run) => run.runId), queued: this.queue.length };
  }

  /** Stops the running run (its whole tree is killed) and empties the queue. */
  stop(): { stopped: number } {
    const stopped = this.queue.length + (this.current === null ? 0 : 1);
    this.queue.length = 0;
    this.current?.host.stop();
    this.emitState();
    return { stopped };
  }

  /** Every kept result, oldest first. */
  listResults(): ExperimentResult[] {
    return [...this.results];
  }

  /** Forgets the kept results and their events. */
  clearResults(): { cleared: number } {
    const cleared = this.results.length;
    this.results.length = 0;
    for (const runId of [...this.events.keys()])
      if (runId !== this.current?.run.runId) this.events.delete(runId);
    return { cleared };
  }

  /** The timeline events of a run (spawns, exits, start and stop). */
  eventsOf(runId: string): ExperimentEvent[] {
    return [...(this.events.get(runId) ?? [])];
  }

  /** What runs, what waits and which Python. */
  async state(): Promise<ExperimentState> {
    return this.snapshot(await this.pythonStatus());
  }

  /** Stops everything and waits until the tree is gone. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stop();
    await this.draining;
  }

  private pageProcessIds(): number[] {
    try {
      return this.options.pageProcessIds?.() ?? [];
    } catch {
      return []; // a page that is going away: its cost is unknown
    }
  }

  private resolve(params: ExperimentParams): ResolvedExperimentParams {
    // Re-validate: the contract parsed the request, but direct callers (tests, presets) may not.
    const parsed = experimentParamsSchema.parse(params);
    return { ...parsed, workers: parsed.workers ?? this.logicalCores };
  }

  private baselineFor(
    params: ResolvedExperimentParams,
    planned: readonly QueuedRun[],
  ): ResolvedExperimentParams | null {
    if (params.baseline === 'skip' || isSequentialModel(params.model)) return null;
    const key = baselineKey(params);
    const queued = [...this.queue, ...planned].some(
      (run) => isSequentialModel(run.params.model) && baselineKey(run.params) === key,
    );
    if (queued || findBaseline(params, this.results) !== null) return null;
    const candidate = {
      ...params,
      model: baselineModelOf(params.model),
      workers: 1,
      baseline: 'skip' as const,
      crashAtTask: undefined,
      label: 'sequential baseline',
    };
    // A baseline that could not finish in time (long waits one by one) is left out.
    return experimentParamsSchema.safeParse(candidate).success ? candidate : null;
  }

  private plan(params: ResolvedExperimentParams, isBaseline: boolean): QueuedRun {
    return { runId: '', params, phase: 'queued', isBaseline };
  }

  private async drain(): Promise<void> {
    try {
      for (let run = this.queue.shift(); run !== undefined; run = this.queue.shift()) {
        await this.execute(run);
      }
    } finally {
      // Cleared in the same step as the last empty shift, so a start() that comes after
      // always sees either a drain that will pick its runs up or none (and starts one).
      this.draining = null;
    }
  }

  private async execute(run: QueuedRun): Promise<void> {
    const python = isPythonModel(run.params.model) ? await this.pythonStatus() : null;
    const startedAt = Date.now();
    const t0 = performance.now();
    const list: ExperimentEvent[] = [];
    this.events.set(run.runId, list);
    while (this.events.size > MAX_RUNS_WITH_EVENTS) {
      const oldest = this.events.keys().next().value;
      if (oldest === undefined) break;
      this.events.delete(oldest);
    }
    const record = (event: ExperimentEvent): void => {
      if (list.length < MAX_EVENTS_PER_RUN) list.push(event);
      this.options.emit('experiment:event', event);
    };
    run.phase = run.isBaseline ? 'baseline' : 'running';
    // The lab's own cost over the host's measured interval: from its run-start to 'measured'.
    let meter: LabCostMeter | null = null;
    let labCost: LabCost | null = null;
    // The run's own threads, sampled into lanes from the host's start until its tree is gone.
    const lanes = new RunLanesSampler({
      runId: run.runId,
      python: python !== null,
      asyncTasks: TASK_MODELS.has(run.params.model),
      emit: (update) => this.options.emit('experiment:lanes', update),
    });
    const host = new HostRun(run.params, python?.path ?? null, {
      event: (event) => {
        if (event.kind === 'run-start') meter = startLabCost(this.pageProcessIds());
        record({ runId: run.runId, ...event });
      },
      measured: () => {
        labCost = meter?.read() ?? null;
      },
      progress: (progress) => {
        lanes.progress(progress.workers);
        this.options.emit('experiment:progress', {
          runId: run.runId,
          phase: run.phase,
          model: run.params.model,
          workload: run.params.workload,
          queued: this.queue.length,
          ...progress,
        });
      },
      turns: (byWorker) => lanes.turns(byWorker),
      tasks: (trace) => lanes.tasks(trace),
      loopDelay: (delay, wholeRun) => lanes.loopDelay(delay, wholeRun),
      pids: (pids) => {
        lanes.setPids(pids);
        this.options.tracked.set('experiment', pids);
      },
    });
    lanes.setPids([host.pid]);
    lanes.start();
    this.current = { run, host };
    this.emitState();
    const outcome = await host.finished;
    const gil = outcome.status === 'ok' ? outcome.measurement.python?.gilEnabled : null;
    const keptLanes = await lanes.finish(
      python === null ? null : (gil ?? python.gilEnabled) === false,
      outcome.status === 'ok' ? outcome.measurement : null,
    );
    this.current = null;
    this.options.tracked.set('experiment', []);
    const result = buildResult({
      runId: run.runId,
      params: run.params,
      isBaseline: run.isBaseline,
      outcome,
      baseline: findBaseline(run.params, this.results),
      logicalCores: this.logicalCores,
      startedAt,
      elapsedMs: performance.now() - t0,
      labCost,
      lanes: keptLanes,
      events: list,
    });
    record({
      runId: run.runId,
      kind: 'run-stop',
      time: Date.now(),
      status: result.status,
      ...(result.error === null ? {} : { detail: result.error }),
    });
    this.results.push(result);
    if (this.results.length > MAX_RESULTS) this.results.shift();
    this.options.emit('experiment:result', result);
    this.emitState();
  }

  private snapshot(python: PythonStatus): ExperimentState {
    const current = this.current;
    return {
      running:
        current === null
          ? null
          : {
              runId: current.run.runId,
              params: current.run.params,
              phase: current.run.phase,
              isBaseline: current.run.isBaseline,
            },
      queued: this.queue.length,
      logicalCores: this.logicalCores,
      python,
    };
  }

  private emitState(): void {
    void this.pythonStatus().then((python) =>
      this.options.emit('experiment:state', this.snapshot(python)),
    );
  }
}
