import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import type { Lane, RunLanes, RunLanesUpdate } from '../../src/shared/run-lanes';
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

const lane = (name: string, tid: number, states: string, cores: string): Lane => ({
  id: `500:${tid}`,
  pid: 500,
  tid,
  name,
  kind: name === 'exp-host' ? 'host' : 'worker-thread',
  states,
  cores,
  contextSwitches: 40 + tid,
});

/** A run of `slices` slices: the host mostly blocked, two workers running side by side. */
function runLanes(runId: string, slices: number): RunLanes {
  const work = 'R'.repeat(slices - 4);
  return {
    runId,
    sliceMs: 50,
    startedAt: 0,
    lanes: [
      lane('exp-host', 1, 'R' + 'B'.repeat(slices - 1), '0'.repeat(slices)),
      lane('cpu-w1', 2, `--${work}W-`, `..${'0'.repeat(slices - 4)}0.`),
      lane('cpu-w2', 3, `--${work}B-`, `..${'1'.repeat(slices - 4)}1.`),
    ],
    tasks: [
      {
        name: 'cpu-w1',
        points: [
          [10, 4],
          [slices - 3, 24],
        ],
      },
      {
        name: 'cpu-w2',
        points: [
          [12, 5],
          [slices - 3, 24],
        ],
      },
    ],
    overlapShare: 0.86,
    gilDisabled: null,
    samplesPerSec: 40,
  };
}

const params = {
  workload: 'cpu',
  model: 'node-worker-pool',
  workers: 2,
  concurrency: 100,
  tasks: 48,
  cpuSize: 200000,
  latencyMs: 20,
  fileKiB: 256,
  timeoutS: 120,
  submit: 'apply-async',
};

function result(runId: string, lanes: RunLanes): object {
  const wallMs = lanes.lanes[0]!.states.length * 50;
  return {
    runId,
    params,
    isBaseline: false,
    status: 'ok',
    error: null,
    startedAt: Date.now(),
    wallMs,
    cpuMs: wallMs * 1.9,
    userMs: wallMs * 1.9,
    sysMs: 0,
    coresBusy: 1.9,
    speedup: 1.8,
    efficiency: 0.9,
    baselineRunId: null,
    voluntaryCtxSwitches: 100,
    involuntaryCtxSwitches: 20,
    peakRssBytes: 1e8,
    otherLoadCores: 0,
    labCost: null,
    lanes,
    tasksPerSec: 20,
    checksum: 1,
    expectedChecksum: 1,
    checksumOk: true,
    parallelWorkers: 2,
    libuvPoolThreads: 4,
    python: null,
    logicalCores: 2,
    conclusion: '2 Node worker threads ran side by side',
  };
}

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-e2e-run-panel-'));
  const recorded = join(dir, 'recorded.ndjson');
  // A real recording by the headless CLI, with a run's lanes (as the lab streams and keeps them)
  // added: the page replays them through the same streams as live ones.
  execFileSync(
    process.execPath,
    ['out/main/cli.js', 'record', '--seconds', '4', '--interval', '200', '--out', recorded],
    { stdio: 'ignore' },
  );
  const [header, ...records] = readFileSync(recorded, 'utf8').trim().split('\n');
  const added: { t: number; stream: string; payload: unknown }[] = [];
  const state = (running: object | null): object => ({
    running,
    queued: 0,
    logicalCores: 2,
    python: { available: false, gilEnabled: null },
  });
  // A second in: replayed records before the views have subscribed (just after loading) are
  // not seen by them, so the run starts once the page has surely settled.
  added.push({
    t: 1000,
    stream: 'experiment:state',
    payload: state({ runId: 'run-7', params, phase: 'running', isBaseline: false }),
  });
  const full = runLanes('run-7', 40);
  for (let from = 0; from < 40; from += 8) {
    const update: RunLanesUpdate = {
      runId: 'run-7',
      sliceMs: 50,
      startedAt: 0,
      fromSlice: from,
      lanes: full.lanes.map((l) => ({
        ...l,
        states: l.states.slice(from, from + 8),
        cores: l.cores.slice(from, from + 8),
      })),
      tasks: [
        { name: 'cpu-w1', done: from },
        { name: 'cpu-w2', done: from + 1 },
      ],
      coresBusyNow: 1.9,
      overlapShare: 0.86,
    };
    added.push({ t: 1100 + from * 40, stream: 'experiment:lanes', payload: update });
  }
  // The run is still going when the recording ends, so the live panel stays up to be checked
  // however slowly (or in how few steps) a busy machine replays it.
  added.push({ t: 3000, stream: 'experiment:result', payload: result('run-7', full) });
  added.push({
    t: 3001,
    stream: 'experiment:result',
    payload: result('run-8', runLanes('run-8', 20)),
  });
  const all = [...records.map((line) => JSON.parse(line) as { t: number }), ...added].sort(
    (a, b) => a.t - b.t,
  );
  sessionFile = join(dir, 'run-lanes.ndjson');
  writeFileSync(sessionFile, `${header}\n${all.map((r) => JSON.stringify(r)).join('\n')}\n`);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.describe('run panel', () => {
  test('a run draws its lanes live, keeps them with its result, and compare stacks them', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await replayOnExperimentsTab(page, serve.url, sessionFile);

    // Live: one lane per thread, labelled, drawn on one canvas, with the overlap figure.
    const live = page.getByTestId('live-run-panel');
    await expect(page.getByText('REPLAY', { exact: true })).toBeVisible();
    await expect(live.locator('.lane-labels li')).toHaveText(['exp-host', 'cpu-w1', 'cpu-w2']);
    const liveCanvas = live.locator('canvas.lanes-canvas');
    await expect(liveCanvas).toHaveCount(1);
    await expect(liveCanvas).toHaveAttribute('aria-label', /cpu-w1: running \d+ %/);
    await expect.poll(() => paintedPixels(liveCanvas)).toBeGreaterThan(100);
    await expect(live.getByTestId('lanes-overlap')).toHaveText(
      '86 % of the time two or more ran at once',
    );
    await expect(live).toContainText('cores busy now');

    // Kept: the result row opens the same panel, static, from the result's lanes.
    const table = page.getByTestId('results-table');
    const row = table.locator('tr[data-run="run-7"]');
    await row.getByRole('button', { name: 'show lanes of run-7' }).click({ timeout: 20_000 });
    const kept = table.getByTestId('result-lanes');
    await expect(kept.locator('.lane-labels li')).toHaveText(['exp-host', 'cpu-w1', 'cpu-w2']);
    await expect
      .poll(() => paintedPixels(kept.locator('canvas.lanes-canvas')))
      .toBeGreaterThan(100);
    await expect(kept.locator('.lane-stats li').nth(1)).toHaveText('42 ctx · 24 tasks');

    // Compare: both runs stacked, each labelled, on the longest run's time axis.
    await row.getByRole('checkbox').check();
    await table.locator('tr[data-run="run-8"]').getByRole('checkbox').check();
    const compare = page.getByTestId('compare-lanes');
    await expect(compare.locator('h3')).toHaveText([/\(run-7\)/, /\(run-8\)/]);
    await expect(compare).toContainText('the full width is 2.00 s');
    // run-8 is half as long: its lanes fill about half the width of run-7's.
    const widths = await compare.locator('canvas.lanes-canvas').evaluateAll((canvases) =>
      canvases.map((element) => {
        const c = element as HTMLCanvasElement;
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
        let right = 0;
        for (let i = 3; i < data.length; i += 4) {
          if ((data[i] ?? 0) > 0) right = Math.max(right, ((i - 3) / 4) % c.width);
        }
        return right / c.width;
      }),
    );
    expect(widths).toHaveLength(2);
    expect(widths[1]!).toBeLessThan(widths[0]! * 0.6);
    expect(widths[1]!).toBeGreaterThan(widths[0]! * 0.4);
    expect(errors).toEqual([]);
  });

  test('canvases follow their box: a narrower window redraws the lanes and the CPU chart', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await replayOnExperimentsTab(page, serve.url, sessionFile);
    const row = page.getByTestId('results-table').locator('tr[data-run="run-7"]');
    await row.getByRole('button', { name: 'show lanes of run-7' }).click({ timeout: 20_000 });
    const lanes = page.getByTestId('result-lanes').locator('canvas.lanes-canvas');
    const chart = page.getByTestId('core-chart-canvas').locator('canvas').first();
    // A canvas's bitmap is as wide as its box in device pixels once it is drawn for that box
    // (the box's fractional width rounds either way: one pixel of slack).
    const sizedToBox = (canvas: Locator, box: string): Promise<number> =>
      canvas.evaluate((element, selector) => {
        const c = element as HTMLCanvasElement;
        const outer = selector === '' ? c : (c.closest(selector) ?? c);
        return Math.abs(c.width - outer.clientWidth * window.devicePixelRatio);
      }, box);
    const widthOf = (canvas: Locator): Promise<number> =>
      canvas.evaluate((element) => (element as HTMLCanvasElement).width);

    await expect.poll(() => sizedToBox(lanes, '')).toBeLessThanOrEqual(1);
    await expect.poll(() => sizedToBox(chart, '.uplot-box')).toBeLessThanOrEqual(1);
    await expect.poll(() => paintedPixels(lanes)).toBeGreaterThan(100);
    const wide = { lanes: await widthOf(lanes), chart: await widthOf(chart) };

    // The kept lanes are static: only the window's change can redraw them. (The CPU chart also
    // redraws at each sample; this checks it takes the box's new width.)
    await page.setViewportSize({ width: 900, height: 860 });
    await expect.poll(() => widthOf(lanes)).toBeLessThan(wide.lanes);
    await expect.poll(() => widthOf(chart)).toBeLessThan(wide.chart);
    await expect.poll(() => sizedToBox(lanes, '')).toBeLessThanOrEqual(1);
    await expect.poll(() => sizedToBox(chart, '.uplot-box')).toBeLessThanOrEqual(1);
    await expect.poll(() => paintedPixels(lanes)).toBeGreaterThan(100);
    expect(errors).toEqual([]);
  });

  test('a real run shows its worker threads as live lanes, and its row opens them', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=workload]').selectOption('cpu');
    await panel.locator('select[name=model]').selectOption('node-worker-pool');
    await panel.locator('input[name=workers]').fill('2');
    await panel.locator('input[name=tasks]').fill('96');
    await panel.locator('input[name=cpuSize]').fill('200000');
    await panel.getByRole('button', { name: 'Start' }).click();

    // While the pool runs: its worker threads as lanes, drawn, beside the host's own.
    const live = page.getByTestId('live-run-panel');
    const liveLabels = live.locator('.lane-labels li');
    await expect(liveLabels.filter({ hasText: /^cpu-w1$/ })).toHaveCount(1, { timeout: 30_000 });
    await expect(liveLabels.filter({ hasText: /^cpu-w2$/ })).toHaveCount(1);
    await expect(live.locator('canvas.lanes-canvas')).toHaveAttribute('aria-label', /cpu-w1: /);
    await expect(live.getByTestId('lanes-overlap')).toHaveText(/^\d+ % of the time two or more/);

    const table = page.getByTestId('results-table');
    // This batch's runs are the ones ticked for compare (the pool, and its baseline unless an
    // earlier test on this server left one to reuse); other runs are not.
    const rows = table.locator('tbody tr').filter({ has: page.locator('input:checked') });
    const poolRow = rows.filter({ hasText: '2 Node worker threads' });
    await expect(poolRow.getByTestId('checksum-cell')).toHaveText('✓ verified', {
      timeout: 45_000,
    });
    // Each row shows the label its span on the CPU chart has, so the two can be matched.
    const labels = await rows.getByTestId('run-span-label').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    const chartRuns = page.getByTestId('core-chart').locator('.run-marker.run-start');
    for (const label of labels) {
      expect(label).toMatch(/^run-\d+$/);
      await expect(chartRuns.filter({ hasText: `start ${label} ` })).toHaveCount(1);
    }
    // The row keeps the run's lanes and opens them.
    await poolRow
      .getByTestId('lanes-cell')
      .getByRole('button', { name: /^show lanes of/ })
      .click();
    const kept = table.getByTestId('result-lanes');
    await expect(kept.locator('.lane-labels li', { hasText: /^cpu-w1$/ })).toHaveCount(1);
    await expect(kept.locator('.lane-labels li', { hasText: /^cpu-w2$/ })).toHaveCount(1);
    await expect
      .poll(() => paintedPixels(kept.locator('canvas.lanes-canvas')))
      .toBeGreaterThan(100);
    // `npm run screenshot` keeps this picture for the experiments guide: with the results table
    // scrolled back to its first column (clicking its last one scrolled it sideways).
    await page.evaluate(() => {
      for (const box of document.querySelectorAll('*')) if (box.scrollLeft > 0) box.scrollLeft = 0;
    });
    const path = process.env['LAB_RUN_PANEL_SCREENSHOT'] ?? test.info().outputPath('run-panel.png');
    await page.screenshot({ path, fullPage: true });
    expect(errors).toEqual([]);
  });
});
