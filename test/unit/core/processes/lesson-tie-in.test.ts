import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { LabService } from '../../../../src/core/service';
import type { ExperimentResult } from '../../../../src/shared/experiment-results';
import type { Lane, RunLanesUpdate } from '../../../../src/shared/run-lanes';
import { requireMachine } from '../../support/machine';
import { coresWhileRunnable, slicesBetween } from '../../support/run-helpers';

/**
 * The lesson the process actions tie into: stop a worker of a running experiment and its lane
 * stops running while the kernel says T; pin another to one core and its lane shows that core.
 * A real process-pool run, acted on through the same channels the Processes tab uses.
 */

let service: LabService | null = null;
afterEach(async () => {
  await service?.dispose();
  service = null;
});

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The kernel's state letter of a process (/proc/PID/stat field 3). */
function kernelState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
}

describe('acting on a running experiment shows in its lanes', () => {
  it("SIGSTOP stops a worker's lane while the kernel says T; pinning puts its lane on that core", async (context) => {
    requireMachine(context.skip, 'linux', 'taskset', 'twoCpus');
    service = new LabService();
    const updates: RunLanesUpdate[] = [];
    let finished: (result: ExperimentResult) => void = () => undefined;
    const result = new Promise<ExperimentResult>((resolve) => (finished = resolve));
    service.onStream((stream, payload) => {
      if (stream === 'experiment:lanes') updates.push(payload as RunLanesUpdate);
      if (stream === 'experiment:result') finished(payload as ExperimentResult);
    });
    const started = await service.call('experiment:start', {
      runs: [
        {
          workload: 'cpu',
          model: 'node-process-pool',
          workers: 2,
          tasks: 100_000,
          cpuSize: 200_000,
          baseline: 'skip',
        },
      ],
    });
    expect(started.ok, JSON.stringify(started)).toBe(true);

    // Both worker processes appear in the live lanes.
    let workers: Lane[] = [];
    for (let i = 0; i < 200 && workers.length < 2; i += 1) {
      await wait(100);
      workers = (updates.at(-1)?.lanes ?? []).filter((lane) => lane.kind === 'worker-process');
    }
    expect(workers.length, 'two worker processes in the lanes').toBe(2);
    const [stopped, pinned] = workers as [Lane, Lane];
    await wait(500);

    const stopAt = Date.now();
    const stop = await service.call('process:signal', { pid: stopped.pid, signal: 'SIGSTOP' });
    expect(stop.ok, JSON.stringify(stop)).toBe(true);
    expect(kernelState(stopped.pid)).toBe('T');
    await wait(1000);
    expect(kernelState(stopped.pid)).toBe('T');
    const contAt = Date.now();
    expect((await service.call('process:signal', { pid: stopped.pid, signal: 'SIGCONT' })).ok).toBe(
      true,
    );

    const pinAt = Date.now();
    const pin = await service.call('process:affinity', { pid: pinned.pid, cpus: [0] });
    expect(pin.ok, JSON.stringify(pin)).toBe(true);
    await wait(1500);
    const endAt = Date.now();
    await service.call('experiment:stop', {});
    const lanes = (await result).lanes;
    expect(lanes).not.toBeNull();
    if (lanes === null) return;
    const laneOf = (pid: number): Lane | undefined => lanes.lanes.find((lane) => lane.pid === pid);

    // While stopped (a slice's margin each side), the worker never ran: no running slice.
    const whileStopped = slicesBetween(lanes, laneOf(stopped.pid)!, stopAt + 100, contAt - 100);
    expect(whileStopped.states.length).toBeGreaterThanOrEqual(10);
    expect(whileStopped.states).not.toContain('R');
    // The other worker went on meanwhile (running, or ready on a busy machine): the stop was
    // of one process, not of the run.
    const other = slicesBetween(lanes, laneOf(pinned.pid)!, stopAt + 100, contAt - 100).states;
    expect(other).toMatch(/[RW]/);
    // Once pinned, every slice it ran or waited to run in was on CPU 0 (on a busy machine it
    // may mostly wait there: the other worker shares that core now).
    const afterPin = slicesBetween(lanes, laneOf(pinned.pid)!, pinAt + 200, endAt - 100);
    const pinnedCores = coresWhileRunnable(afterPin);
    expect(pinnedCores.length).toBeGreaterThan(5);
    expect(new Set(pinnedCores)).toEqual(new Set(['0']));
  });
});
