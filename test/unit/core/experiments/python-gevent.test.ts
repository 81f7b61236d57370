import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  pythonModelRefusal,
  type ExperimentParamsInput,
  type PythonStatus,
} from '../../../../src/shared/experiment-params';
import type { ExperimentResult } from '../../../../src/shared/experiment-results';
import { HostRun, type HostRunOutcome } from '../../../../src/core/experiments/lab/host-run';
import { ExperimentLab } from '../../../../src/core/experiments/lab/experiment-lab';
import { probePython } from '../../../../src/core/experiments/lab/python-finder';
import { laneKindOf } from '../../../../src/core/experiments/lab/lane-builder';
import { runPythonModel } from '../../../../src/core/experiments/host/python-model';
import { TrackedProcesses } from '../../../../src/core/tracked-processes';
import {
  SYSTEM_PYTHON,
  alive,
  cmdlineHas,
  runParams,
  threadCount,
} from '../../support/run-helpers';
import { requireMachine } from '../../support/machine';

/**
 * The python-gevent model as the seeds teach it: monkey.patch_all() makes the standard library's
 * waits switch greenlets, so echo requests overlap on one thread; CPU work never leaves it.
 * Where gevent is missing, the model is refused with the reason.
 */

interface Watched {
  outcome: HostRunOutcome;
  /** Most threads /proc/PID/task showed for the Python process while the run went. */
  peakPythonThreads: number;
  seenPids: Set<number>;
}

async function watchRun(input: Omit<ExperimentParamsInput, 'model'>): Promise<Watched> {
  const params = runParams({ baseline: 'skip', ...input, model: 'python-gevent' });
  const seenPids = new Set<number>();
  let peakPythonThreads = 0;
  const run = new HostRun(params, SYSTEM_PYTHON, {
    event: () => undefined,
    progress: () => undefined,
    pids: (pids) => {
      for (const pid of pids) seenPids.add(pid);
    },
  });
  let over = false;
  const sampling = (async () => {
    while (!over) {
      for (const pid of seenPids) {
        if (cmdlineHas(pid, 'gevent_experiment.py'))
          peakPythonThreads = Math.max(peakPythonThreads, threadCount(pid));
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const outcome = await run.finished;
  over = true;
  await sampling;
  return { outcome, peakPythonThreads, seenPids };
}

function measured(watched: Watched): Extract<HostRunOutcome, { status: 'ok' }>['measurement'] {
  if (watched.outcome.status !== 'ok') throw new Error(watched.outcome.error);
  expect(alive(watched.seenPids)).toEqual([]);
  expect(watched.outcome.measurement.checksum).toBe(watched.outcome.measurement.expectedChecksum);
  return watched.outcome.measurement;
}

// The script's own threads: the main one (every greenlet, the hub) and two watchers.
const SCRIPT_THREADS = 3;

describe('Python: gevent greenlets (monkey-patched)', () => {
  it('overlaps echo requests: sockets are patched, all on one thread', async ({ skip }) => {
    requireMachine(skip, 'python', 'gevent');
    // Long waits, so the interpreter's start-up (with gevent's import) is small beside them.
    const tasks = 100;
    const latencyMs = 400;
    const watched = await watchRun({ workload: 'echo', tasks, latencyMs, concurrency: 100 });
    const run = measured(watched);
    // Unpatched, each request would block the thread for its whole latency, one at a time.
    expect(run.wallMs).toBeLessThan((tasks * latencyMs) / 4);
    expect(run.parallelWorkers).toBe(1);
    expect(watched.peakPythonThreads).toBeGreaterThan(0);
    expect(watched.peakPythonThreads).toBeLessThanOrEqual(SCRIPT_THREADS);
  });

  it('runs CPU work on its one thread, never a second', async ({ skip }) => {
    requireMachine(skip, 'python', 'gevent');
    const watched = await watchRun({ workload: 'cpu', tasks: 16, cpuSize: 10_000 });
    measured(watched);
    expect(watched.peakPythonThreads).toBeGreaterThan(0);
    expect(watched.peakPythonThreads).toBeLessThanOrEqual(SCRIPT_THREADS);
  });

  it('also runs the timer and blocking workloads', async ({ skip }) => {
    requireMachine(skip, 'python', 'gevent');
    measured(await watchRun({ workload: 'timer', tasks: 20, latencyMs: 10 }));
    measured(await watchRun({ workload: 'blocking', tasks: 5, latencyMs: 10 }));
  });
});

describe('python-gevent in the lab', () => {
  it("keeps its tasks' lanes beside its one thread's lane", async ({ skip }) => {
    requireMachine(skip, 'python', 'gevent');
    const results: ExperimentResult[] = [];
    const lab = new ExperimentLab({
      tracked: new TrackedProcesses(),
      logicalCores: 2,
      pythonPath: SYSTEM_PYTHON,
      emit: (stream, payload) => {
        if (stream === 'experiment:result') results.push(payload as ExperimentResult);
      },
    });
    try {
      const tasks = 30;
      const run = { model: 'python-gevent', workload: 'timer', tasks, latencyMs: 30 } as const;
      await lab.start([runParams({ ...run, baseline: 'skip' })]);
      while (results.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      const result = results[0]!;
      expect(result.status).toBe('ok');
      const trace = result.lanes?.taskTrace;
      expect(trace?.runtime).toBe('gevent');
      expect(trace?.taskTotal).toBe(tasks);
      // The greenlets ran on the script's main thread, whose lane is the Python main lane.
      const thread = result.lanes?.lanes.find((lane) => lane.id === trace?.threadLaneId);
      expect(thread?.kind).toBe('python-main');
      expect(laneKindOf(thread?.name ?? '', true, true)).toBe('python-main');
    } finally {
      await lab.dispose();
    }
  });
});

describe('python-gevent where gevent is missing', () => {
  it('the probe says whether gevent imports', async ({ skip }) => {
    requireMachine(skip, 'python', 'gevent');
    const status = await probePython(SYSTEM_PYTHON, true);
    expect(status.available).toBe(true);
    expect(status.gevent).toBe(true);
    expect(pythonModelRefusal('python-gevent', status)).toBeNull();
  });

  it('is refused at start with the reason, the other Python models still run', async ({ skip }) => {
    requireMachine(skip, 'python');
    const lab = new ExperimentLab({
      tracked: new TrackedProcesses(),
      logicalCores: 2,
      pythonPath: SYSTEM_PYTHON,
      emit: () => undefined,
    });
    const real = await lab.pythonStatus();
    const withoutGevent: PythonStatus = { ...real, gevent: false };
    lab.pythonStatus = () => Promise.resolve(withoutGevent);
    try {
      await expect(
        lab.start([runParams({ model: 'python-gevent', workload: 'timer', baseline: 'skip' })]),
      ).rejects.toThrow(
        `run 1: gevent is not installed for ${SYSTEM_PYTHON}: on Debian, apt install python3-gevent`,
      );
      expect(pythonModelRefusal('python-asyncio', withoutGevent)).toBeNull();
    } finally {
      await lab.dispose();
    }
  });

  it('fails the run with the reason if the script cannot import gevent', async ({ skip }) => {
    requireMachine(skip, 'python');
    // A gevent package that is not there: importing it fails as a missing module would.
    const shadow = mkdtempSync(join(tmpdir(), 'lab-no-gevent-'));
    mkdirSync(join(shadow, 'gevent'));
    writeFileSync(
      join(shadow, 'gevent', '__init__.py'),
      'raise ModuleNotFoundError("No module named gevent", name="gevent")\n',
    );
    const previous = process.env['PYTHONPATH'];
    process.env['PYTHONPATH'] = shadow;
    const params = runParams({ model: 'python-gevent', workload: 'timer', tasks: 2 });
    const config = {
      workload: params.workload,
      cpuSize: params.cpuSize,
      latencyMs: params.latencyMs,
      fileDir: null,
      fileCount: 1,
      echoPort: null,
    };
    const pids: number[] = [];
    try {
      const reporter = {
        workerSpawned: (info: { pid: number }) => pids.push(info.pid),
        workerExited: () => undefined,
        usage: () => undefined,
        libuvPool: () => undefined,
        progress: () => undefined,
        taskDone: () => undefined,
        measureFrom: () => undefined,
      };
      await expect(runPythonModel(SYSTEM_PYTHON, params, config, reporter)).rejects.toThrow(
        `gevent is not installed for ${SYSTEM_PYTHON}: on Debian, apt install python3-gevent`,
      );
      expect(alive(pids)).toEqual([]);
    } finally {
      if (previous === undefined) delete process.env['PYTHONPATH'];
      else process.env['PYTHONPATH'] = previous;
      rmSync(shadow, { recursive: true, force: true });
    }
  });
});
