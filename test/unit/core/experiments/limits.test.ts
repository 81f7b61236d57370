import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  availableMemoryBytes,
  estimateRunMemory,
  memoryRefusal,
  WORKER_MEMORY_BYTES,
} from '../../../../src/core/experiments/lab/memory-estimate';
import { LabService, type LabServiceOptions } from '../../../../src/core/service';
import { EXPERIMENT_LIMITS } from '../../../../src/shared/experiment-params';
import type { ExperimentState } from '../../../../src/shared/experiment-results';
import { runParams } from '../../support/run-helpers';

const GIB = 1024 ** 3;

let service: LabService | undefined;
let recordings: string | undefined;
afterEach(async () => {
  await service?.dispose();
  service = undefined;
  if (recordings !== undefined) rmSync(recordings, { recursive: true, force: true });
});

function newService(options: LabServiceOptions = {}): LabService {
  recordings = mkdtempSync(join(tmpdir(), 'lab-exp-limits-'));
  service = new LabService({ recordingsDir: recordings, ...options });
  return service;
}

async function stateOf(lab: LabService): Promise<ExperimentState> {
  const answer = await lab.call('experiment:get-state', {});
  if (!answer.ok) throw new Error(answer.error);
  return answer.value as ExperimentState;
}

/** A run that keeps its host busy for as long as the test needs. */
const longRun = {
  workload: 'cpu',
  model: 'node-worker-pool',
  workers: 1,
  tasks: 100_000,
  cpuSize: 200_000,
  baseline: 'skip',
} as const;

describe('the experiment queue has one cap over all requests', () => {
  it(`refuses runs beyond ${EXPERIMENT_LIMITS.queuedTotal} queued, with a sentence`, async () => {
    const lab = newService();
    const twenty = { runs: Array.from({ length: 20 }, () => longRun) };
    const answers = [];
    for (let i = 0; i < 4; i += 1) answers.push(await lab.call('experiment:start', twenty));
    // One run is taken off the queue to run; the next request of 20 would pass 50.
    expect(answers.map((answer) => answer.ok)).toEqual([true, true, false, false]);
    const refusal = answers[2]!;
    expect(refusal.ok ? '' : refusal.error).toMatch(
      /^experiment:start: the queue already holds \d+ runs and this would add 20 \(baselines included\), more than the 50 allowed; wait for some to finish or stop them$/,
    );
    expect((await stateOf(lab)).queued).toBeLessThanOrEqual(EXPERIMENT_LIMITS.queuedTotal);
  });
});

describe('a run that cannot fit in memory is refused before it starts', () => {
  it('estimates from the measured per-worker table plus the host', () => {
    const nodeProcesses = runParams({ workload: 'cpu', model: 'node-process-pool', workers: 256 });
    expect(estimateRunMemory(nodeProcesses)).toBe(257 * WORKER_MEMORY_BYTES.nodeProcess);
    expect(estimateRunMemory(nodeProcesses) / GIB).toBeGreaterThan(19);
    const threads = runParams({ workload: 'cpu', model: 'node-worker-pool', workers: 8 });
    expect(estimateRunMemory(threads)).toBe(
      WORKER_MEMORY_BYTES.nodeProcess + 8 * WORKER_MEMORY_BYTES.nodeThread,
    );
    const python = runParams({ workload: 'cpu', model: 'python-processes', workers: 4 });
    expect(estimateRunMemory(python)).toBe(
      WORKER_MEMORY_BYTES.nodeProcess + 5 * WORKER_MEMORY_BYTES.pythonProcess,
    );
    expect(memoryRefusal(nodeProcesses, 23.5 * GIB)).toBeNull();
    expect(memoryRefusal(nodeProcesses, 8 * GIB)).toBe(
      'node-process-pool with 256 workers needs about 19.1 GiB of memory, but only 8.0 GiB is ' +
        'available (runs may use 90% of it); use fewer workers',
    );
  });

  it('256 Node processes are refused through the service when they do not fit', async () => {
    const needed = estimateRunMemory(
      runParams({ workload: 'cpu', model: 'node-process-pool', workers: 256 }),
    );
    // Real free memory when it is too little; a bigger machine is told it has less.
    const real = availableMemoryBytes();
    const lab = newService(
      real * 0.9 < needed ? {} : { experiments: { availableMemoryBytes: () => 4 * GIB } },
    );
    const tracked: number[] = [];
    lab.tracked.onChange(() => tracked.push(lab.tracked.all().size));
    const answer = await lab.call('experiment:start', {
      runs: [{ workload: 'cpu', model: 'node-process-pool', workers: 256, baseline: 'skip' }],
    });
    expect(answer.ok).toBe(false);
    expect(answer.ok ? '' : answer.error).toMatch(
      /^experiment:start: run 1: node-process-pool with 256 workers needs about 19\.1 GiB of memory, but only \d+\.\d GiB is available \(runs may use 90% of it\); use fewer workers$/,
    );
    const state = await stateOf(lab);
    expect(state.running).toBeNull();
    expect(state.queued).toBe(0);
    expect(tracked).toEqual([]); // no host was ever started
  });
});
