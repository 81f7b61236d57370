import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentLab } from '../../../src/core/experiments/lab/experiment-lab';
import { HostRun, type HostRunOutcome } from '../../../src/core/experiments/lab/host-run';
import { isAlive } from '../../../src/core/os';
import { tsxLoaderUrl } from '../../../src/core/paths';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
  type ResolvedExperimentParams,
} from '../../../src/shared/experiment-params';
import type { ExperimentResult } from '../../../src/shared/experiment-results';
import type { Lane, RunLanes } from '../../../src/shared/run-lanes';
import { TrackedProcesses } from '../../../src/core/tracked-processes';
import { SYSTEM_PYTHON } from './machine';

/** Fills in defaults the way the lab does; two workers by default (the machine has two cores). */
export function runParams(input: ExperimentParamsInput): ResolvedExperimentParams {
  const parsed = experimentParamsSchema.parse(input);
  return { ...parsed, workers: parsed.workers ?? 2 };
}

/** A host run with everything it reported. */
export interface ObservedRun {
  run: HostRun;
  /** Every pid the tree ever held. */
  seenPids: Set<number>;
  done: Promise<number>;
  /** Resolves when the tree has held at least `count` pids, or when the run ends. */
  treeOf(count: number): Promise<number[]>;
  finished: Promise<HostRunOutcome>;
}

/** Starts a run in a host process and records its pids and progress. */
export function observeRun(
  params: ResolvedExperimentParams,
  pythonPath: string | null = null,
): ObservedRun {
  const seenPids = new Set<number>();
  const waiters: { count: number; resolve: (pids: number[]) => void }[] = [];
  let resolveDone: (done: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => {
    resolveDone = resolve;
  });
  const run = new HostRun(params, pythonPath, {
    event: () => undefined,
    progress: (progress) => {
      if (progress.done > 0) resolveDone(progress.done);
    },
    pids: (pids) => {
      for (const pid of pids) seenPids.add(pid);
      for (const waiter of [...waiters]) {
        if (pids.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(pids);
        }
      }
    },
  });
  const finished = run.finished.then((outcome) => {
    for (const waiter of waiters) waiter.resolve([]);
    resolveDone(0);
    return outcome;
  });
  return {
    run,
    seenPids,
    done,
    finished,
    treeOf: (count) => new Promise((resolve) => waiters.push({ count, resolve })),
  };
}

/** The pids of a list that are still alive (zombies count as gone). */
export function alive(pids: Iterable<number>): number[] {
  return [...pids].filter((pid) => isAlive(pid));
}

/** Polls until none of the pids is alive or the deadline passes; returns the survivors. */
export async function survivorsAfter(
  pids: Iterable<number>,
  deadlineMs: number,
): Promise<number[]> {
  const list = [...pids];
  const until = Date.now() + deadlineMs;
  for (;;) {
    const left = alive(list);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The Python the Python models run with (see support/machine.ts for when it is missing). */
/**
 * Starts a stand-in for the app (fixtures/intermediate-parent.ts): a process that runs one
 * experiment through HostRun and prints what it sees, so a test can SIGKILL "the app" mid-run.
 * stdout is piped when the test reads the fixture's lines.
 */
export function startStandInApp(
  params: ResolvedExperimentParams,
  options: { python?: string; readOutput?: boolean } = {},
): ChildProcess {
  const fixture = join(__dirname, 'fixtures', 'intermediate-parent.ts');
  return spawn(
    process.execPath,
    ['--import', tsxLoaderUrl(), fixture, JSON.stringify(params), options.python ?? ''],
    { stdio: ['ignore', options.readOutput === true ? 'pipe' : 'ignore', 'inherit'] },
  );
}

export { SYSTEM_PYTHON } from './machine';

/** True when a process's command line contains `text` (false once it is gone). */
export function cmdlineHas(pid: number, text: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
  } catch {
    return false;
  }
}

/** Threads /proc/PID/task lists now (0 once the process is gone). */
export function threadCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

/**
 * Runs single experiments on real labs using the system Python, without a baseline, each
 * resolving with its result; `dispose` ends every lab it made (call it after each test).
 */
export function pythonLabRunner(): {
  run(params: ExperimentParamsInput): Promise<ExperimentResult>;
  dispose(): Promise<void>;
} {
  const labs: ExperimentLab[] = [];
  return {
    async run(params) {
      let resolveResult: (result: ExperimentResult) => void = () => undefined;
      const done = new Promise<ExperimentResult>((resolve) => (resolveResult = resolve));
      const lab = new ExperimentLab({
        tracked: new TrackedProcesses(),
        logicalCores: 2,
        pythonPath: SYSTEM_PYTHON,
        emit: (stream, payload) => {
          if (stream === 'experiment:result') resolveResult(payload as ExperimentResult);
        },
      });
      labs.push(lab);
      await lab.start([experimentParamsSchema.parse({ baseline: 'skip', ...params })]);
      return done;
    },
    async dispose() {
      await Promise.all(labs.splice(0).map((lab) => lab.dispose()));
    },
  };
}

/** Starts a child that spins on one core until killed (kept in `children` for the cleanup). */
export async function startSpinner(children: ChildProcess[]): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'console.log("up"); for (;;);'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(child);
  await new Promise((resolve) => child.stdout?.once('data', resolve));
  return child.pid ?? 0;
}

/** A thread's context switches so far (voluntary + involuntary), as its status counts them. */
export function kernelSwitches(pid: number, tid = pid): number {
  const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'latin1');
  const count = (key: string): number =>
    Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
  return count('voluntary_ctxt_switches') + count('nonvoluntary_ctxt_switches');
}

/** The slices of `lane` inside [fromMs, toMs] (epoch ms), as its state and core characters. */
export function slicesBetween(
  lanes: RunLanes,
  lane: Lane,
  fromMs: number,
  toMs: number,
): { states: string; cores: string } {
  const first = Math.ceil((fromMs - lanes.startedAt) / lanes.sliceMs);
  const last = Math.floor((toMs - lanes.startedAt) / lanes.sliceMs);
  return { states: lane.states.slice(first, last), cores: lane.cores.slice(first, last) };
}

/** The cores of the slices in which a lane ran or waited to run (its core is known in those). */
export function coresWhileRunnable(slices: { states: string; cores: string }): string[] {
  return [...slices.states]
    .map((state, i) => (state === 'R' || state === 'W' ? slices.cores[i] : undefined))
    .filter((core): core is string => core !== undefined && core !== '.');
}
