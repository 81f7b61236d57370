import { afterEach, describe, expect, it } from 'vitest';
import {
  ExperimentLab,
  type ExperimentStreams,
} from '../../../../src/core/experiments/lab/experiment-lab';
import { TrackedProcesses } from '../../../../src/core/tracked-processes';
import type { ExperimentParams } from '../../../../src/shared/experiment-params';
import type { ExperimentResult } from '../../../../src/shared/experiment-results';
import { experimentParamsSchema } from '../../../../src/shared/experiment-params';
import { parseRequest } from '../../../../src/shared/contract';
import { saidOf } from '../../../../src/shared/lab-messages';
import { labMessageText } from '../../../../src/renderer/src/lib/issue-text';
import { uiTexts } from '../../support/ui-texts';

const labs: ExperimentLab[] = [];
afterEach(async () => {
  await Promise.all(labs.splice(0).map((lab) => lab.dispose()));
});

interface Recorded {
  lab: ExperimentLab;
  tracked: TrackedProcesses;
  trackedHistory: number[][];
  streams: { [S in keyof ExperimentStreams]: ExperimentStreams[S][] };
  results(count: number): Promise<ExperimentResult[]>;
}

function recordedLab(pythonPath: string | null = null): Recorded {
  const tracked = new TrackedProcesses();
  const trackedHistory: number[][] = [];
  tracked.onChange(() => trackedHistory.push([...tracked.all().keys()]));
  const streams: Recorded['streams'] = {
    'experiment:progress': [],
    'experiment:event': [],
    'experiment:result': [],
    'experiment:state': [],
    'experiment:lanes': [],
  };
  const waiters: (() => void)[] = [];
  const lab = new ExperimentLab({
    tracked,
    logicalCores: 2,
    pythonPath,
    emit: (stream, payload) => {
      if (!(stream in streams)) throw new Error(`unexpected stream ${stream}`);
      (streams[stream as keyof ExperimentStreams] as unknown[]).push(payload);
      if (stream === 'experiment:result') for (const waiter of waiters.splice(0)) waiter();
    },
  });
  labs.push(lab);
  const results = async (count: number): Promise<ExperimentResult[]> => {
    while (streams['experiment:result'].length < count)
      await new Promise<void>((r) => waiters.push(r));
    return streams['experiment:result'];
  };
  return { lab, tracked, trackedHistory, streams, results };
}

const small = (over: Partial<ExperimentParams>): ExperimentParams =>
  experimentParamsSchema.parse({ workload: 'cpu', tasks: 8, cpuSize: 5000, ...over });

describe('the experiments lab', () => {
  it('runs the sequential baseline first, then reports speedup, events and tracked pids', async () => {
    const { lab, streams, trackedHistory, tracked, results } = recordedLab();
    const started = await lab.start([small({ model: 'node-worker-pool' })]);
    expect(started.runIds).toHaveLength(2); // the baseline was queued in front
    const [baseline, pool] = await results(2);
    expect(baseline?.params.model).toBe('node-sequential');
    expect(pool?.status).toBe('ok');
    expect(pool?.checksumOk).toBe(true);
    expect(pool?.params.workers).toBe(2); // default: the lab's logical cores
    expect(pool?.baselineRunId).toBe(baseline?.runId);
    expect(pool?.speedup).toBeGreaterThan(0);
    expect(pool?.coresBusy).toBeGreaterThan(0);
    expect(pool?.conclusion).toMatch(/^2 Node worker threads kept/);
    // The pool's start-up is measured from its workers' ready reports; a loop has none.
    expect(pool?.workerStartupMs).toBeGreaterThanOrEqual(0);
    expect(baseline?.workerStartupMs).toBeNull();
    const events = lab.eventsOf(pool?.runId ?? '');
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['run-start', 'worker-spawn', 'worker-exit', 'run-stop']),
    );
    expect(
      events
        .filter((e) => e.kind === 'worker-spawn')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['cpu-w1', 'cpu-w2']);
    expect(streams['experiment:progress'].length).toBeGreaterThan(0);
    expect(trackedHistory.some((pids) => pids.length > 0)).toBe(true);
    expect(tracked.all().size).toBe(0); // cleared after the run
    expect(lab.listResults()).toHaveLength(2);
  });

  it('only a baseline the lab queued is a baseline, whatever a run is labelled', async () => {
    const { lab, streams, results } = recordedLab();
    // A user's own sequential run, labelled like the lab's baseline, and a pool whose work
    // differs (more tasks), so the lab queues a baseline of its own for the pool.
    const started = await lab.start([
      small({ model: 'node-sequential', label: 'sequential baseline' }),
      small({ model: 'node-worker-pool', tasks: 12 }),
    ]);
    expect(started.runIds).toHaveLength(3);
    const [mine, baseline, pool] = await results(3);
    expect(mine?.params.label).toBe('sequential baseline');
    expect(baseline?.params.tasks).toBe(12);
    expect([mine?.isBaseline, baseline?.isBaseline, pool?.isBaseline]).toEqual([
      false,
      true,
      false,
    ]);
    expect(pool?.baselineRunId).toBe(baseline?.runId);
    const phasesOf = (runId: string | undefined): string[] => [
      ...new Set(
        streams['experiment:progress'].filter((p) => p.runId === runId).map((p) => p.phase),
      ),
    ];
    expect(phasesOf(mine?.runId)).toEqual(['running']);
    expect(phasesOf(baseline?.runId)).toEqual(['baseline']);
    expect(phasesOf(pool?.runId)).toEqual(['running']);
  });

  it('a request cannot mark its own run as a baseline', async () => {
    const { lab } = recordedLab();
    const run = { workload: 'cpu', model: 'node-sequential', isBaseline: true };
    // What arrives from outside is untyped; this request carries a field the type has no room
    // for, which is the point: the lab must refuse it at run time.
    await expect(lab.start([run as unknown as ExperimentParams])).rejects.toThrow(/isBaseline/);
    expect(parseRequest('experiment:start', { runs: [run] })).toEqual({
      ok: false,
      error: expect.stringContaining('isBaseline') as unknown,
      issues: [{ path: ['runs', 0], label: 'Runs', message: 'unknown field isBaseline' }],
    });
  });

  it('reuses a kept baseline instead of running another', async () => {
    const { lab, results } = recordedLab();
    await lab.start([small({ model: 'node-sequential' })]);
    await results(1);
    const second = await lab.start([small({ model: 'node-async' })]);
    expect(second.runIds).toHaveLength(1);
    const [, asyncRun] = await results(2);
    expect(asyncRun?.speedup).not.toBeNull();
  });

  it('Stop ends the running run and drops the queue', async () => {
    const { lab, results, streams } = recordedLab();
    await lab.start([
      small({ model: 'node-worker-pool', tasks: 100_000, cpuSize: 200_000, baseline: 'skip' }),
      small({ model: 'node-sequential' }),
    ]);
    while (!streams['experiment:progress'].some((p) => p.done > 0))
      await new Promise((r) => setTimeout(r, 20));
    expect(lab.stop()).toEqual({ stopped: 2 });
    const [stopped] = await results(1);
    expect(stopped?.status).toBe('stopped');
    expect(stopped?.conclusion).toMatch(/stopped before the end/);
    await new Promise((r) => setTimeout(r, 100));
    expect(lab.listResults()).toHaveLength(1);
  });

  it('a wrong Python path gives a clear message, and Node models still work', async () => {
    const { lab, results } = recordedLab('/nonexistent/python3');
    const status = await lab.pythonStatus();
    expect(status.available).toBe(false);
    expect(status.error).toBe(
      'Python not usable at /nonexistent/python3: no such file. The Node models still work.',
    );
    // Said as a sentence the page words in its language, and a refused run says the same.
    expect(labMessageText(status.errorSaid!, uiTexts('zh-CN'))).toBe(
      '/nonexistent/python3 处的 Python 无法使用：没有这个文件。Node 模型仍可使用。',
    );
    const refused = await lab.start([small({ model: 'python-threads' })]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toBe(status.error);
    expect(saidOf(refused)).toEqual(status.errorSaid);
    await lab.start([small({ model: 'node-sequential' })]);
    const [result] = await results(1);
    expect(result?.status).toBe('ok');
    expect(result?.checksumOk).toBe(true);
  });
});
