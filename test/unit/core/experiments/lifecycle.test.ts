import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolvedExperimentParams } from '../../../../src/shared/experiment-params';
import {
  SYSTEM_PYTHON,
  observeRun,
  runParams,
  startStandInApp,
  survivorsAfter,
  type ObservedRun,
} from '../../support/run-helpers';
import { requireMachine } from '../../support/machine';

/** Enough CPU work that a run is still going when the test acts on it. */
const longCpu = {
  workload: 'cpu',
  tasks: 100_000,
  cpuSize: 200_000,
  baseline: 'skip',
  timeoutS: 120,
} as const;

const started: ObservedRun[] = [];
const parents: ChildProcess[] = [];
afterEach(async () => {
  for (const observed of started.splice(0)) {
    observed.run.stop('test cleanup');
    await observed.finished;
  }
  for (const parent of parents.splice(0)) if (parent.exitCode === null) parent.kill('SIGKILL');
});

function start(params: ResolvedExperimentParams, python: string | null = null): ObservedRun {
  const observed = observeRun(params, python);
  started.push(observed);
  return observed;
}

describe('Stop and timeout end the whole tree', () => {
  it('Stop kills the host and its child processes', async () => {
    const observed = start(runParams({ ...longCpu, model: 'node-process-pool', workers: 2 }));
    const tree = await observed.treeOf(3); // host + 2 workers
    await observed.done;
    observed.run.stop();
    const outcome = await observed.finished;
    expect(outcome).toMatchObject({ status: 'stopped' });
    expect(tree.length).toBeGreaterThanOrEqual(3);
    expect(await survivorsAfter(observed.seenPids, 0)).toEqual([]);
  });

  it('Stop kills a Python pool (python and its pool processes)', async ({ skip }) => {
    requireMachine(skip, 'python');
    const observed = start(
      runParams({ ...longCpu, cpuSize: 20_000, model: 'python-processes', workers: 2 }),
      SYSTEM_PYTHON,
    );
    const tree = await observed.treeOf(4); // host + python + 2 pool processes
    observed.run.stop();
    await observed.finished;
    expect(tree.length).toBeGreaterThanOrEqual(4);
    expect(await survivorsAfter(observed.seenPids, 0)).toEqual([]);
  });

  it('a timeout ends the run the same way and says so', async () => {
    const observed = start(
      runParams({ ...longCpu, model: 'node-worker-pool', workers: 2, timeoutS: 1 }),
    );
    const outcome = await observed.finished;
    expect(outcome).toMatchObject({ status: 'timeout', error: 'timed out after 1 s' });
    expect(await survivorsAfter(observed.seenPids, 0)).toEqual([]);
  });
});

describe('a crashing worker fails the run, never hangs it', () => {
  const crash = {
    workload: 'cpu',
    tasks: 8,
    cpuSize: 1000,
    baseline: 'skip',
    crashAtTask: 3,
  } as const;

  it('a child process killed by a signal', async () => {
    const outcome = await start(runParams({ ...crash, model: 'node-process-pool' })).finished;
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'ok')
      expect(outcome.error).toMatch(/worker cpu-p\d \(pid \d+\) was killed by SIGKILL/);
  });

  it('a worker thread exiting with a code', async () => {
    const outcome = await start(runParams({ ...crash, model: 'node-worker-pool' })).finished;
    if (outcome.status === 'ok') throw new Error('crash not reported');
    expect(outcome.error).toMatch(/worker cpu-w\d \(pid \d+\) exited with code 70/);
  });

  it('a Python pool process killed by a signal', async ({ skip }) => {
    requireMachine(skip, 'python');
    const outcome = await start(runParams({ ...crash, model: 'python-processes' }), SYSTEM_PYTHON)
      .finished;
    if (outcome.status === 'ok') throw new Error('crash not reported');
    expect(outcome.error).toMatch(/worker cpu-p\d \(pid \d+\) was killed by SIGKILL/);
  });
});

describe('no orphans when the app dies', () => {
  async function killParentAndCheck(
    params: ResolvedExperimentParams,
    treeSize: number,
    python = '',
  ): Promise<void> {
    const parent = startStandInApp(params, { python, readOutput: true });
    parents.push(parent);
    const seen = new Set<number>();
    const lines = createInterface({ input: parent.stdout! });
    await new Promise<void>((resolve, reject) => {
      parent.on('exit', () => reject(new Error('the intermediate parent ended early')));
      lines.on('line', (line) => {
        const message = JSON.parse(line) as { pids?: number[] };
        for (const pid of message.pids ?? []) seen.add(pid);
        if ((message.pids?.length ?? 0) >= treeSize) resolve();
      });
    });
    parent.kill('SIGKILL');
    expect(await survivorsAfter(seen, 5000)).toEqual([]);
  }

  it('SIGKILL of the host’s parent takes the host and its children down', async () => {
    await killParentAndCheck(runParams({ ...longCpu, model: 'node-process-pool', workers: 2 }), 3);
  });

  it('…and a Python pool under it', async ({ skip }) => {
    requireMachine(skip, 'python');
    await killParentAndCheck(
      runParams({ ...longCpu, cpuSize: 20_000, model: 'python-processes', workers: 2 }),
      4,
      SYSTEM_PYTHON,
    );
  });

  it('children of a host that was SIGKILLed alone leave by themselves', async () => {
    const observed = start(runParams({ ...longCpu, model: 'node-process-pool', workers: 2 }));
    const tree = await observed.treeOf(3);
    process.kill(observed.run.pid, 'SIGKILL'); // the host only, not its group
    expect(await survivorsAfter(tree, 5000)).toEqual([]);
  });
});
