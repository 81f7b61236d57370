import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import type { Lane, RunLanes, RunLanesUpdate } from '../../src/shared/run-lanes';
import type { LoopDelay, TaskLane, TaskTrace } from '../../src/shared/task-lanes';
import { collectPageErrors, expect, replayOnExperimentsTab, test } from './serve-fixture';

let dir: string;
let sessionFile: string;

/** Coloured pixels on a canvas: proof it was drawn, not just laid out. */
function paintedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) painted += 1;
    return painted;
  });
}

const SLICES = 20;
const lane = (name: string, tid: number, states: string, switches: number): Lane => ({
  id: `500:${tid}`,
  pid: 500,
  tid,
  name,
  kind: name === 'exp-host' ? 'host' : 'libuv',
  states,
  cores: '0'.repeat(states.length),
  contextSwitches: switches,
});

/** 12 tasks taking 5 ms turns on exp-host, 3 turns each, over the run's 1 s. */
function taskTrace(): TaskTrace {
  const lanes: TaskLane[] = Array.from({ length: 12 }, (_, i) => ({
    name: `task ${i + 1}`,
    taskCount: 1,
    turns: [0, 1, 2].map((k): [number, number] => {
      const start = 60 * i + 300 * k;
      return [start, start + 5];
    }),
    life: [60 * i, 60 * i + 605],
  }));
  return {
    runtime: 'node-event-loop',
    threadLaneId: '500:40',
    lanes,
    taskTotal: 12,
    taskSwitches: 35,
    truncated: false,
  };
}

/** A node-async run's lanes: exp-host (where the tasks run) between two libuv threads. */
function runLanes(runId: string, traced: boolean): RunLanes {
  return {
    runId,
    sliceMs: 50,
    startedAt: 0,
    lanes: [
      lane('libuv-1', 41, 'B'.repeat(SLICES), 3),
      lane('exp-host', 40, 'RB'.repeat(SLICES / 2), 9),
      lane('libuv-2', 42, 'B'.repeat(SLICES), 2),
    ],
    tasks: [],
    overlapShare: 0,
    gilDisabled: null,
    samplesPerSec: 40,
    taskTrace: traced ? taskTrace() : null,
    loopDelay: { p50Ms: 1.5, p99Ms: 12.5, maxMs: 14, count: 50 },
  };
}

const params = {
  workload: 'timer',
  model: 'node-async',
  workers: 1,
  concurrency: 6,
  tasks: 12,
  cpuSize: 200000,
  latencyMs: 20,
  fileKiB: 256,
  timeoutS: 120,
  submit: 'apply-async',
  traceTasks: true,
};

function result(runId: string, lanes: RunLanes): object {
  return {
    runId,
    params,
    isBaseline: false,
    status: 'ok',
    error: null,
    startedAt: Date.now(),
    wallMs: SLICES * 50,
    cpuMs: 100,
    userMs: 100,
    sysMs: 0,
    coresBusy: 0.1,
    speedup: 5,
    efficiency: null,
    baselineRunId: null,
    voluntaryCtxSwitches: 20,
    involuntaryCtxSwitches: 2,
    peakRssBytes: 1e8,
    otherLoadCores: 0,
    labCost: null,
    lanes,
    tasksPerSec: 12,
    checksum: 1,
    expectedChecksum: 1,
    checksumOk: true,
    parallelWorkers: 1,
    libuvPoolThreads: 4,
    python: null,
    logicalCores: 2,
    conclusion: 'the tasks took turns on one thread',
  };
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-e2e-task-lanes-'));
  const recorded = join(dir, 'recorded.ndjson');
  // A real recording by the headless CLI, with an async run (its live lanes with loop delay,
  // then its kept result with task lanes) added, replayed through the same streams as live.
  execFileSync(
    process.execPath,
    ['out/main/cli.js', 'record', '--seconds', '4', '--interval', '200', '--out', recorded],
    { stdio: 'ignore' },
  );
  const [header, ...records] = readFileSync(recorded, 'utf8').trim().split('\n');
  const added: { t: number; stream: string; payload: unknown }[] = [];
  added.push({
    t: 1000,
    stream: 'experiment:state',
    payload: {
      running: { runId: 'run-21', params, phase: 'running', isBaseline: false },
      queued: 0,
      logicalCores: 2,
      python: { available: false, gilEnabled: null },
    },
  });
  const full = runLanes('run-21', true);
  for (let from = 0; from < SLICES; from += 5) {
    const loopDelay: LoopDelay = { p50Ms: 2.5, p99Ms: 42 + from, maxMs: 60, count: 20 };
    const update: RunLanesUpdate = {
      runId: 'run-21',
      sliceMs: 50,
      startedAt: 0,
      fromSlice: from,
      lanes: full.lanes.map((l) => ({
        ...l,
        states: l.states.slice(from, from + 5),
        cores: l.cores.slice(from, from + 5),
      })),
      tasks: [],
      coresBusyNow: 0.1,
      overlapShare: 0,
      loopDelay,
    };
    added.push({ t: 1100 + from * 60, stream: 'experiment:lanes', payload: update });
  }
  added.push({ t: 3000, stream: 'experiment:result', payload: result('run-21', full) });
  // The same model with tracing off: its lanes carry no tasks.
  added.push({
    t: 3001,
    stream: 'experiment:result',
    payload: result('run-22', runLanes('run-22', false)),
  });
  const all = [...records.map((line) => JSON.parse(line) as { t: number }), ...added].sort(
    (a, b) => a.t - b.t,
  );
  sessionFile = join(dir, 'task-lanes.ndjson');
  writeFileSync(sessionFile, `${header}\n${all.map((r) => JSON.stringify(r)).join('\n')}\n`);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.describe('task lanes', () => {
  test('an async result shows its tasks under their thread, the switch counts and loop delay', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await replayOnExperimentsTab(page, serve.url, sessionFile);

    // Live: the loop delay of the last update, as text and as numbers.
    const live = page.getByTestId('live-run-panel');
    const liveDelay = live.getByTestId('loop-delay');
    await expect(liveDelay).toHaveText(/loop delay p50 2\.5 ms · p99 \d+ ms/);
    await expect(liveDelay).toHaveAttribute('data-loop-p99', /^\d+$/);
    await expect(liveDelay).toHaveAttribute('data-live', 'true');

    const table = page.getByTestId('results-table');
    await table
      .locator('tr[data-run="run-21"]')
      .getByRole('button', { name: 'show lanes of run-21' })
      .click({ timeout: 20_000 });
    const kept = table.locator('tr[data-lanes-of="run-21"]').getByTestId('result-lanes');
    const tasks = kept.getByTestId('task-lanes');
    await expect(tasks).toHaveAttribute('data-task-lanes', '12');
    await expect(kept.getByTestId('task-switches')).toHaveText(
      '35 task switches · 9 kernel context switches',
    );
    await expect(kept).toContainText('needs no kernel context switch');
    await expect(kept.getByTestId('loop-delay')).toHaveText(
      /loop delay p50 1\.5 ms · p99 13 ms \(whole run, max 14 ms, 50 measurements\)/,
    );
    await expect(kept.getByTestId('loop-delay')).toHaveAttribute('data-loop-p99', '12.5');
    await expect(kept.getByTestId('tasks-not-traced')).toHaveCount(0);

    // The task lanes sit right under exp-host: its canvas ends above them, libuv-2's begins below.
    const laneCanvases = kept.locator('canvas.lanes-canvas');
    await expect(laneCanvases).toHaveCount(2);
    await expect(kept.locator('.lane-labels li')).toHaveText(['libuv-1', 'exp-host', 'libuv-2']);
    const taskCanvas = tasks.locator('canvas.task-lanes-canvas');
    await expect(taskCanvas).toHaveAttribute('aria-label', /task 12: 3 turns · 15 ms/);
    await expect(tasks.locator('.task-lane-labels li')).toHaveCount(12);
    await expect.poll(() => paintedPixels(taskCanvas)).toBeGreaterThan(50);
    const above = await laneCanvases.nth(0).boundingBox();
    const own = await taskCanvas.boundingBox();
    const below = await laneCanvases.nth(1).boundingBox();
    expect(own!.y).toBeGreaterThanOrEqual(above!.y + above!.height);
    expect(below!.y).toBeGreaterThanOrEqual(own!.y + own!.height);
    // The same time axis: the same left edge and width as the thread lanes.
    expect(Math.abs(own!.x - above!.x)).toBeLessThan(1);
    expect(Math.abs(own!.width - above!.width)).toBeLessThan(1);

    // Collapsed, the block keeps its one-line summary and the switch counts.
    await tasks.getByRole('button', { name: 'hide task lanes' }).click();
    await expect(taskCanvas).toHaveCount(0);
    await expect(tasks.getByTestId('task-lanes-summary')).toHaveText(
      '12 tasks in 12 lanes on exp-host',
    );
    await expect(kept.getByTestId('task-switches')).toBeVisible();
    await tasks.getByRole('button', { name: 'show task lanes' }).click();
    await expect.poll(() => paintedPixels(taskCanvas)).toBeGreaterThan(50);

    // Tracing off: no task lanes, and the panel says so.
    await table
      .locator('tr[data-run="run-22"]')
      .getByRole('button', { name: 'show lanes of run-22' })
      .click();
    const untraced = table.locator('tr[data-lanes-of="run-22"]').getByTestId('result-lanes');
    await expect(untraced.getByTestId('tasks-not-traced')).toContainText(
      'tasks not traced for this run',
    );
    await expect(untraced.getByTestId('task-lanes')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('a real node-async run keeps one lane per task under the host thread', async ({
    page,
    serve,
  }) => {
    test.setTimeout(90_000);
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=workload]').selectOption('timer');
    await panel.locator('select[name=model]').selectOption('node-async');
    await panel.locator('input[name=concurrency]').fill('10');
    await panel.locator('input[name=tasks]').fill('40');
    await panel.locator('input[name=latencyMs]').fill('20');
    await panel.getByLabel('Sequential baseline').uncheck();
    await panel.getByRole('button', { name: 'Start' }).click();

    const table = page.getByTestId('results-table');
    const row = table
      .locator('tbody tr')
      .filter({ has: page.locator('input:checked') })
      .filter({ hasText: 'Node async, 10 in flight' })
      .first();
    await expect(row.getByTestId('checksum-cell')).toHaveText('✓ verified', { timeout: 45_000 });
    await row
      .getByTestId('lanes-cell')
      .getByRole('button', { name: /^show lanes of/ })
      .click();
    const kept = table.getByTestId('result-lanes');
    // 40 tasks fit in 64 lanes: one lane per task, drawn, set beside the host thread's switches.
    const tasks = kept.getByTestId('task-lanes');
    await expect(tasks).toHaveAttribute('data-task-lanes', '40');
    await expect(tasks).toHaveAttribute('data-task-total', '40');
    await expect(kept.getByTestId('task-switches')).toHaveText(
      /^[\d,]+ task switches · [\d,]+ kernel context switch(es)?$/,
    );
    const switches = Number(
      await kept.getByTestId('task-switches').getAttribute('data-task-switches'),
    );
    // Each task runs at least twice (up to its await, then after its timer): 40+ switches.
    expect(switches).toBeGreaterThanOrEqual(40);
    await expect
      .poll(() => paintedPixels(tasks.locator('canvas.task-lanes-canvas')))
      .toBeGreaterThan(40);
    // The tasks' thread is one of the run's lanes, and the block sits right under it.
    const summary = await tasks.getByTestId('task-lanes-summary').textContent();
    const thread = /^40 tasks in 40 lanes on (\S+)$/.exec(summary ?? '')?.[1];
    expect(thread, `summary: ${summary}`).toBeDefined();
    await expect(
      kept.locator('.lanes-view > ol.lane-labels').first().locator('li').last(),
    ).toHaveText(thread!);
    const delay = kept.getByTestId('loop-delay');
    await expect(delay).toHaveText(/loop delay p50 [\d.]+ ms · p99 [\d.]+ ms/);
    expect(Number(await delay.getAttribute('data-loop-count'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  test('with "Trace tasks" off the run has no task lanes, and its result says so', async ({
    page,
    serve,
  }) => {
    test.setTimeout(90_000);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=workload]').selectOption('timer');
    await panel.locator('select[name=model]').selectOption('node-async');
    await panel.locator('input[name=concurrency]').fill('7');
    await panel.locator('input[name=tasks]').fill('14');
    await panel.locator('input[name=latencyMs]').fill('20');
    await panel.getByLabel('Sequential baseline').uncheck();
    await panel.getByLabel('Trace tasks').uncheck();
    await panel.getByRole('button', { name: 'Start' }).click();

    const table = page.getByTestId('results-table');
    const row = table.locator('tbody tr').filter({ hasText: 'Node async, 7 in flight' }).last();
    await expect(row.getByTestId('checksum-cell')).toHaveText('✓ verified', { timeout: 45_000 });
    await row
      .getByTestId('lanes-cell')
      .getByRole('button', { name: /^show lanes of/ })
      .click();
    const kept = table.getByTestId('result-lanes').last();
    await expect(kept.getByTestId('tasks-not-traced')).toContainText(
      'tasks not traced for this run',
    );
    await expect(kept.getByTestId('task-lanes')).toHaveCount(0);
    // The loop delay is measured either way.
    await expect(kept.getByTestId('loop-delay')).toHaveText(/loop delay p50 [\d.]+ ms/);
  });

  test('a run of more tasks than lanes groups them, and a group opens to show its own tasks', async ({
    page,
    serve,
  }) => {
    test.setTimeout(90_000);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=workload]').selectOption('timer');
    await panel.locator('select[name=model]').selectOption('node-async');
    await panel.locator('input[name=concurrency]').fill('50');
    await panel.locator('input[name=tasks]').fill('100');
    await panel.locator('input[name=latencyMs]').fill('5');
    await panel.getByLabel('Sequential baseline').uncheck();
    await panel.getByRole('button', { name: 'Start' }).click();

    const table = page.getByTestId('results-table');
    const row = table.locator('tbody tr').filter({ hasText: 'Node async, 50 in flight' }).last();
    await expect(row.getByTestId('checksum-cell')).toHaveText('✓ verified', { timeout: 45_000 });
    await row
      .getByTestId('lanes-cell')
      .getByRole('button', { name: /^show lanes of/ })
      .click();
    const tasks = table.getByTestId('result-lanes').last().getByTestId('task-lanes');
    // 100 tasks in at most 64 lanes: 50 groups of two.
    await expect(tasks).toHaveAttribute('data-task-lanes', '50');
    await expect(tasks).toHaveAttribute('data-task-rows', '50');
    const first = tasks.getByRole('button', { name: /tasks 1–2/ });
    await expect(first).toHaveAttribute('aria-expanded', 'false');
    await first.click();
    await expect(first).toHaveAttribute('aria-expanded', 'true');
    await expect(tasks).toHaveAttribute('data-task-rows', '52');
    await expect(tasks.locator('li.member')).toHaveText(['task 1', 'task 2']);
    await first.click();
    await expect(tasks).toHaveAttribute('data-task-rows', '50');
  });
});
