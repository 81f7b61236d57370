import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { WorkerProgress } from '../../shared/experiment-results';
import { isPythonModel } from '../../shared/experiment-models';
import { startEchoServer, type EchoServer } from '../experiments/host/echo-server';
import { expectedChecksum, generateFiles } from '../experiments/tasks/expected';
import type {
  FromHost,
  HostEvent,
  HostMeasurement,
  HostRunRequest,
} from '../experiments/protocol/host-protocol';
import { runNodeModel, type ModelOutcome } from '../experiments/host/node-models';
import { runPythonModel, type PythonOutcome } from '../experiments/host/python-model';
import { RunClock } from '../experiments/host/run-clock';
import { TreeTracker } from '../experiments/host/tree-tracker';
import type { UsageReport } from '../experiments/protocol/task-worker-protocol';
import type { RawTaskTrace } from '../experiments/protocol/task-trace';
import type { LoopDelay } from '../../shared/task-lanes';
import type { ModelReporter } from '../experiments/host/worker-session';
import { fileCountFor, type WorkloadConfig } from '../experiments/tasks/workloads';
import { descendantsOf, killGroup, signalPid } from '../os/process-tree';
import { libuvPoolSize, nameLibuvPool, nameThisThread } from '../os/threads';
import { watchParent } from '../os/watch-parent';

/**
 * The experiment host: a child process of the lab that performs one run — prepares the
 * workload (files, echo server), runs the model, measures the whole tree and reports. It is
 * the leader of its own process group, so the lab can end the tree with one kill, and it
 * kills that group itself the moment the lab is gone.
 */

/** Spawn and exit events kept per run; per-task models could otherwise send 200,000. */
const MAX_WORKER_EVENTS = 1000;
const PROGRESS_MS = 100;

function send(message: FromHost): void {
  process.send?.(message);
}

/** The run's file folder, made by the lab: removed here when the lab dies and cannot. */
let fileDir: string | null = null;

/** Ends this host and everything under it, immediately (the lab is gone: its files too). */
function killTree(): never {
  if (fileDir !== null) rmSync(fileDir, { recursive: true, force: true });
  for (const pid of descendantsOf(process.pid).slice(1).reverse()) signalPid(pid, 'SIGKILL');
  // The group, should anything have been missed; when this host was started without
  // `detached` it leads no group and the loop above did the work.
  killGroup(process.pid, 'SIGKILL');
  process.exit(1);
}

/** Collects what the model reports and forwards it: events, progress, pids, child usage. */
class RunReporter implements ModelReporter {
  readonly perWorker = new Map<string, number>();
  readonly childUsage: UsageReport[] = [];
  libuvPoolThreads: number | null = null;
  private taskTrace: RawTaskTrace | null = null;
  private workerEvents = 0;
  private readonly progressTimer: NodeJS.Timeout;

  constructor(
    private readonly total: number,
    private readonly clock: RunClock,
    private readonly tracker: TreeTracker,
  ) {
    this.progressTimer = setInterval(() => this.sendProgress(), PROGRESS_MS);
  }

  event(event: Omit<HostEvent, 'time'>): void {
    send({ type: 'event', event: { time: Date.now(), ...event } });
  }

  private workerEvent(event: Omit<HostEvent, 'time'>): void {
    this.workerEvents += 1;
    if (this.workerEvents <= MAX_WORKER_EVENTS) this.event(event);
    else if (this.workerEvents === MAX_WORKER_EVENTS + 1) {
      this.event({
        kind: 'note',
        detail: `more than ${MAX_WORKER_EVENTS} worker events: the rest are not kept`,
      });
    }
  }

  workerSpawned(info: { name: string; pid: number; tid: number | null }): void {
    this.workerEvent({
      kind: 'worker-spawn',
      name: info.name,
      pid: info.pid,
      ...(info.tid === null ? {} : { tid: info.tid }),
    });
    if (info.pid !== process.pid) this.tracker.scan();
  }

  workerExited(info: {
    name: string;
    pid: number;
    code: number | null;
    signal: NodeJS.Signals | null;
  }): void {
    this.workerEvent({
      kind: 'worker-exit',
      name: info.name,
      pid: info.pid,
      exitCode: info.code,
      signal: info.signal,
    });
  }

  usage(report: UsageReport): void {
    this.childUsage.push(report);
  }

  libuvPool(threads: number): void {
    this.libuvPoolThreads = Math.max(this.libuvPoolThreads ?? 0, threads);
  }

  progress(worker: string, done: number): void {
    this.perWorker.set(worker, done);
  }

  taskDone(worker: string): void {
    this.perWorker.set(worker, (this.perWorker.get(worker) ?? 0) + 1);
  }

  measureFrom(): void {
    this.clock.reset();
  }

  turns(byWorker: Record<string, [number, number][]>): void {
    send({ type: 'turns', turns: byWorker });
  }

  tasks(trace: RawTaskTrace): void {
    // Kept until the clock has stopped: forwarding a large trace is not part of the run.
    this.taskTrace = trace;
  }

  /** Forwards the task trace, if the model reported one. */
  sendTasks(): void {
    if (this.taskTrace !== null) send({ type: 'tasks', trace: this.taskTrace });
    this.taskTrace = null;
  }

  loopDelay(delay: LoopDelay, wholeRun = false): void {
    send({ type: 'loop-delay', delay, wholeRun });
  }

  sendProgress(): void {
    let done = 0;
    const workers: WorkerProgress[] = [];
    for (const [name, count] of this.perWorker) {
      done += count;
      if (workers.length < 256) workers.push({ name, done: count });
    }
    send({
      type: 'progress',
      done,
      total: this.total,
      elapsedMs: performance.now() - this.clock.startMs,
      workers,
    });
  }

  stop(): void {
    clearInterval(this.progressTimer);
    this.sendProgress();
  }
}

async function prepare(request: HostRunRequest): Promise<{
  config: WorkloadConfig;
  expected: number;
  echo: EchoServer | null;
  libuvPoolThreads: number | null;
}> {
  const { params } = request;
  let fileSums: number[] = [];
  let libuvPoolThreads: number | null = null;
  if (params.workload === 'file') {
    if (request.fileDir === null) throw new Error('the file workload needs a folder');
    fileSums = await generateFiles(request.fileDir, params.tasks, params.fileKiB);
    // Every thread of this process reads files through libuv's pool: name it for the sampler.
    libuvPoolThreads = (await nameLibuvPool()).length;
  }
  const echo = params.workload === 'echo' ? await startEchoServer(params.latencyMs) : null;
  const config: WorkloadConfig = {
    workload: params.workload,
    cpuSize: params.cpuSize,
    latencyMs: params.latencyMs,
    fileDir: request.fileDir,
    fileCount: fileCountFor(params.tasks),
    echoPort: echo?.port ?? null,
  };
  return { config, expected: expectedChecksum(params, fileSums), echo, libuvPoolThreads };
}

async function run(request: HostRunRequest): Promise<HostMeasurement> {
  const { params } = request;
  const prepared = await prepare(request);
  const tracker = new TreeTracker(process.pid, (pids) => send({ type: 'pids', pids }));
  tracker.start();
  const clock = new RunClock();
  const reporter = new RunReporter(params.tasks, clock, tracker);
  if (prepared.libuvPoolThreads !== null && prepared.libuvPoolThreads > 0) {
    reporter.libuvPool(prepared.libuvPoolThreads);
    reporter.event({
      kind: 'pool-threads',
      name: 'libuv-',
      detail: `libuv's pool: ${prepared.libuvPoolThreads} threads do the host's file I/O`,
    });
  }
  reporter.event({ kind: 'run-start', detail: `${params.model} × ${params.workload}` });
  let outcome: ModelOutcome | PythonOutcome;
  try {
    const settings = { config: prepared.config, crashAtTask: params.crashAtTask ?? null };
    if (isPythonModel(params.model)) {
      if (request.pythonPath === null) throw new Error('no Python interpreter configured');
      outcome = await runPythonModel(request.pythonPath, params, prepared.config, reporter);
    } else {
      outcome = await runNodeModel(params, settings, reporter);
    }
  } finally {
    reporter.stop();
    tracker.scan();
    tracker.stop();
  }
  const used = clock.read();
  reporter.sendTasks();
  await prepared.echo?.close();
  const children = reporter.childUsage;
  const sum = (pick: (u: UsageReport) => number): number =>
    children.reduce((total, usage) => total + pick(usage), 0);
  return {
    startedAt: used.startedAt,
    wallMs: used.wallMs,
    userMs: used.userMs,
    sysMs: used.sysMs,
    voluntaryCtxSwitches: used.voluntaryCtxSwitches + sum((u) => u.voluntaryCtxSwitches),
    involuntaryCtxSwitches: used.involuntaryCtxSwitches + sum((u) => u.involuntaryCtxSwitches),
    peakRssBytes: Math.max(
      tracker.peakRssBytes,
      used.hostMaxRssBytes,
      ...children.map((u) => u.maxRssBytes),
    ),
    machineBusyCores: used.machineBusyCores,
    checksum: outcome.checksum,
    expectedChecksum: prepared.expected,
    parallelWorkers: outcome.parallelWorkers,
    libuvPoolThreads:
      params.workload === 'file' && !isPythonModel(params.model)
        ? (reporter.libuvPoolThreads ?? libuvPoolSize())
        : null,
    python: 'python' in outcome ? outcome.python : null,
  };
}

function main(): void {
  nameThisThread('exp-host');
  watchParent(killTree);
  let started = false;
  process.on('message', (message: HostRunRequest) => {
    if (message.type !== 'run' || started) return;
    started = true;
    fileDir = message.fileDir;
    run(message).then(
      (measurement) => send({ type: 'measured', measurement }),
      (error: unknown) =>
        send({ type: 'failed', error: error instanceof Error ? error.message : String(error) }),
    );
  });
  send({ type: 'ready', pid: process.pid });
}

main();
