import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ExperimentLab } from '../../../../src/core/experiments/lab/experiment-lab';
import { pythonScriptPath } from '../../../../src/core/experiments/host/python-model';
import { sessionTrace } from '../../../../src/core/recording/export-trace';
import { RUN_LANES_PID_BASE } from '../../../../src/core/recording/lanes-trace';
import { TrackedProcesses } from '../../../../src/core/tracked-processes';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../../src/shared/experiment-params';
import type { ExperimentResult } from '../../../../src/shared/experiment-results';
import {
  runLanesSchema,
  runLanesUpdateSchema,
  type Lane,
  type RunLanesUpdate,
} from '../../../../src/shared/run-lanes';
import { requireMachine, SYSTEM_PYTHON } from '../../support/machine';
import { traceProblems } from '../../support/trace-checker';
import { sessionOf } from './lanes-session';

/**
 * Real runs through the lab: the run's own threads become lanes, sampled while it goes. No
 * duration or share is asserted; the lanes are checked against what the kernel itself says.
 */

const labs: ExperimentLab[] = [];
afterEach(async () => {
  await Promise.all(labs.splice(0).map((lab) => lab.dispose()));
});

interface KernelThread {
  runMs: number;
  waitMs: number;
}

/** A lab that keeps the lanes updates and, at every progress report, each named thread's run time. */
function watchedLab(pythonPath: string | null = null): {
  lab: ExperimentLab;
  updates: RunLanesUpdate[];
  kernel: Map<string, KernelThread>;
  /** The command lines of the run's processes, read at each progress report. */
  cmdlines: string[];
  run(params: ExperimentParamsInput): Promise<ExperimentResult>;
} {
  const cmdlines: string[] = [];
  const tracked = new TrackedProcesses();
  const updates: RunLanesUpdate[] = [];
  const kernel = new Map<string, KernelThread>();
  let pids: number[] = [];
  let resolveResult: ((result: ExperimentResult) => void) | null = null;
  const lab = new ExperimentLab({
    tracked,
    logicalCores: 2,
    pythonPath,
    emit: (stream, payload) => {
      if (stream === 'experiment:lanes') updates.push(payload as RunLanesUpdate);
      if (stream === 'experiment:progress') {
        readKernel(pids, kernel);
        for (const pid of pids) {
          try {
            cmdlines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
          } catch {
            // gone
          }
        }
      }
      if (stream === 'experiment:result') resolveResult?.(payload as ExperimentResult);
    },
  });
  tracked.onChange(() => {
    pids = [...tracked.all().keys()];
  });
  labs.push(lab);
  const run = async (params: ExperimentParamsInput): Promise<ExperimentResult> => {
    const done = new Promise<ExperimentResult>((resolve) => (resolveResult = resolve));
    await lab.start([experimentParamsSchema.parse({ baseline: 'skip', ...params })]);
    return done;
  };
  return { lab, updates, kernel, cmdlines, run };
}

/** Each live thread's schedstat (by name), read the way the test trusts: straight from /proc. */
function readKernel(pids: readonly number[], into: Map<string, KernelThread>): void {
  for (const pid of pids) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
        into.set(name, { runMs: Number(run) / 1e6, waitMs: Number(wait) / 1e6 });
      } catch {
        // ended between the listing and the read
      }
    }
  }
}

const count = (text: string, char: string): number => text.split(char).length - 1;

/** Slices a lane was alive in. */
const aliveSlices = (lane: Lane): number => lane.states.length - count(lane.states, '-');

describe('run lanes', () => {
  it('gives a Node worker-thread run a lane per worker and the host, matching the kernel', async (context) => {
    requireMachine(context.skip, 'linux');
    const { run, updates, kernel } = watchedLab();
    const result = await run({
      workload: 'cpu',
      model: 'node-worker-pool',
      workers: 2,
      tasks: 24,
      cpuSize: 300_000,
    });
    expect(result.status).toBe('ok');
    const lanes = result.lanes;
    expect(lanes).not.toBeNull();
    if (lanes === null) return;
    expect(runLanesSchema.safeParse(lanes).error).toBeUndefined();
    expect(lanes.samplesPerSec).toBeGreaterThan(0);
    expect(lanes.gilDisabled).toBeNull();
    const byName = new Map(lanes.lanes.map((lane) => [lane.name, lane]));
    // The host's main thread (threads it starts later inherit its name, as kind 'other').
    const hostLane = lanes.lanes.find((lane) => lane.tid === lane.pid);
    expect(hostLane?.name).toBe('exp-host');
    expect(hostLane?.kind).toBe('host');
    for (const name of ['cpu-w1', 'cpu-w2']) {
      const lane = byName.get(name);
      expect(lane?.kind, name).toBe('worker-thread');
      if (lane === undefined) continue;
      // Spawned after the run started and gone before it ended.
      expect(lane.states, name).toMatch(/^-+[RWB][RWB-]*[RWB]-+$/);
      expect(lane.states.length).toBe(lanes.lanes[0]?.states.length);
      expect(lane.cores).toMatch(/^[.0-9a-z+]+$/);
      expect(lane.contextSwitches).not.toBeNull();
      // What the kernel says the thread ran, read by the test at the last progress report.
      const seen = kernel.get(name);
      expect(seen, name).toBeDefined();
      if (seen === undefined) continue;
      const running = count(lane.states, 'R');
      const slice = lanes.sliceMs;
      // A running slice is at least a third running, any other at most half: always true.
      expect(running * (slice / 3)).toBeLessThanOrEqual(seen.runMs + 4 * slice);
      expect(seen.runMs).toBeLessThanOrEqual(
        running * slice + (aliveSlices(lane) - running) * (slice / 2) + 4 * slice,
      );
      // When it barely waited for a CPU, its running slices are its run time, give or take a few.
      if (seen.waitMs < 0.05 * seen.runMs) {
        expect(Math.abs(running * slice - seen.runMs), name).toBeLessThanOrEqual(6 * slice);
      }
    }
    // Task points per worker from the host's progress reports, and the live updates.
    expect(lanes.tasks.map((t) => t.name).sort()).toEqual(['cpu-w1', 'cpu-w2']);
    const last = lanes.tasks.map((t) => t.points.at(-1)?.[1] ?? 0);
    expect(last.reduce((a, b) => a + b, 0)).toBe(24);
    expect(updates.length).toBeGreaterThan(1);
    for (const update of updates)
      expect(runLanesUpdateSchema.safeParse(update).error).toBeUndefined();
    // The updates, laid end to end, are the kept lanes.
    const host = hostLane;
    const streamed = updates.map((u) => u.lanes.find((l) => l.id === host?.id)?.states).join('');
    expect(streamed).toBe(host?.states);
    // The Perfetto export: one thread track per lane, from the result or from the updates alone.
    for (const records of [
      [{ t: 0, stream: 'experiment:result', payload: result }],
      updates.map((payload, i) => ({ t: i, stream: 'experiment:lanes', payload })),
    ]) {
      const { traceEvents } = sessionTrace(sessionOf(records as never));
      expect(traceProblems(traceEvents)).toEqual([]);
      const tracks = traceEvents.filter(
        (e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === RUN_LANES_PID_BASE,
      );
      expect(tracks.map((e) => e.tid).sort()).toEqual(lanes.lanes.map((l) => l.tid).sort());
      const w1 = byName.get('cpu-w1');
      const w1Slices = traceEvents.filter((e) => e.ph === 'X' && e.tid === w1?.tid);
      // Running slices, where it had any (a busy machine may have kept it waiting throughout).
      expect(w1Slices.some((e) => e.name.startsWith('running on core'))).toBe(
        w1?.states.includes('R'),
      );
      expect(w1Slices.length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('Python threads and processes: the overlap agrees with the kernel, and GIL turns do not overlap', async (context) => {
    requireMachine(context.skip, 'linux', 'python', 'twoCpus');
    const { run } = watchedLab(SYSTEM_PYTHON);
    const params = { workload: 'cpu', workers: 2, tasks: 16, cpuSize: 40_000 } as const;
    const threads = await run({ ...params, model: 'python-threads' });
    const processes = await run({ ...params, model: 'python-processes' });
    expect(threads.status).toBe('ok');
    expect(processes.status).toBe('ok');
    if (threads.lanes === null || processes.lanes === null) throw new Error('no lanes');
    const tLanes = threads.lanes.lanes.filter((l) => l.kind === 'python-thread');
    const pLanes = processes.lanes.lanes.filter((l) => l.kind === 'python-process');
    expect(tLanes.map((l) => l.name).sort()).toEqual(['cpu-t1', 'cpu-t2']);
    expect(pLanes.map((l) => l.name).sort()).toEqual(['cpu-p1', 'cpu-p2']);
    expect(threads.lanes.gilDisabled).toBe(threads.python?.gilEnabled === false);
    // Heartbeats: each thread's turns holding the GIL, in order, inside the run.
    const runMs = threads.lanes.sliceMs * (threads.lanes.lanes[0]?.states.length ?? 0);
    for (const lane of tLanes) {
      const turns = lane.turns ?? [];
      expect(turns.length, lane.name).toBeGreaterThan(0);
      turns.forEach(([start, end], i) => {
        expect(end).toBeGreaterThanOrEqual(start);
        expect(end).toBeLessThanOrEqual(runMs);
        if (i > 0) expect(start).toBeGreaterThanOrEqual(turns[i - 1]?.[1] ?? 0);
      });
    }
    if (threads.lanes.gilDisabled !== true) {
      // Under the GIL a beat is only recorded while holding it: most turns of one thread
      // overlap no turn of the other (two threads running at once would overlap throughout).
      const [a, b] = tLanes.map((lane) => lane.turns ?? []);
      const overlaps = (x: [number, number], others: [number, number][]): boolean =>
        others.some(([s, e]) => s < x[1] && x[0] < e);
      const clashing = (a ?? []).filter((turn) => overlaps(turn, b ?? [])).length;
      expect(clashing).toBeLessThan((a ?? []).length / 2);
    }
    // The machine is shared, so how much the runs overlapped is the scheduler's call; what holds
    // on any machine is how the overlap relates to the cores the kernel says each run kept busy
    // over the same interval (rusage). Per slice, the time two ran at once is at least the
    // running time beyond one slice, and at most half of it: so cores busy − 1 ≤ overlap ≤ cores
    // busy ÷ 2, give or take the slices at the interval's edges and the sampling (0.15).
    for (const result of [threads, processes]) {
      const overlap = result.lanes?.overlapShare ?? Number.NaN;
      expect(overlap, result.params.model).toBeGreaterThanOrEqual(result.coresBusy - 1 - 0.15);
      expect(overlap, result.params.model).toBeLessThanOrEqual(result.coresBusy / 2 + 0.15);
    }
  }, 120_000);

  it('passes a switch interval to the Python threads model, and the script applies it', async (context) => {
    requireMachine(context.skip, 'linux', 'python');
    // The script itself: its hello line says the interval in force.
    const cfg = {
      workload: 'cpu',
      cpuSize: 10,
      latencyMs: 0,
      fileDir: null,
      fileCount: 0,
      echoPort: null,
      model: 'python-sequential',
      tasks: 1,
      workers: 1,
      concurrency: 1,
      submit: 'apply-async',
      crashAtTask: null,
      prefix: 'cpu',
      switchIntervalMs: 50,
    };
    // Its stdin stays open (EOF ends it), so the first line is read and then it is killed.
    const script = spawn(SYSTEM_PYTHON, ['-B', pythonScriptPath(), JSON.stringify(cfg)], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const first = await new Promise<string>((resolve) => {
      createInterface({ input: script.stdout }).once('line', resolve);
      script.once('exit', () => resolve('{}'));
    });
    script.kill('SIGKILL');
    const hello = JSON.parse(first) as Record<string, unknown>;
    expect(hello['type']).toBe('hello');
    expect(hello['switchIntervalMs']).toBeCloseTo(50, 6);
    // Through the lab: the interpreter the run starts gets it on its command line.
    const { run, cmdlines } = watchedLab(SYSTEM_PYTHON);
    const result = await run({
      workload: 'cpu',
      model: 'python-threads',
      workers: 2,
      tasks: 6,
      cpuSize: 20_000,
      switchIntervalMs: 50,
    });
    expect(result.status).toBe('ok');
    expect(result.params.switchIntervalMs).toBe(50);
    expect(cmdlines.some((line) => line.includes('"switchIntervalMs":50'))).toBe(true);
    expect(() =>
      experimentParamsSchema.parse({
        workload: 'cpu',
        model: 'python-threads',
        switchIntervalMs: 0,
      }),
    ).toThrow(/GIL switch interval/);
  }, 60_000);
});
