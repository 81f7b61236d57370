import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { THEMES as COLORS } from '../../src/renderer/src/theme/palette';
import { axeViolations as violations } from './axe-violations';
import { expect, test, type ServeMode } from './serve-fixture';

/**
 * axe-core on every tab and main state (a selected process, a finished run with its lanes
 * open, a finished IPC run, a replay), in both themes: by the OS's prefers-color-scheme and by
 * the header's toggle against it. Zero violations of any impact.
 */

/** The UI languages to check; each is picked in the header before the scan. */
const LANGUAGES = ['en'] as const;

/** How the theme is set: the OS preference with the toggle on System, or the toggle against it. */
const THEMES = [
  { name: 'dark (OS)', scheme: 'dark', choice: 'system', expected: 'dark' },
  { name: 'light (OS)', scheme: 'light', choice: 'system', expected: 'light' },
  { name: 'light (toggle)', scheme: 'dark', choice: 'light', expected: 'light' },
  { name: 'dark (toggle)', scheme: 'light', choice: 'dark', expected: 'dark' },
] as const;

let dir: string;
let sessionFile: string;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-e2e-a11y-'));
  sessionFile = join(dir, 'two-seconds.ndjson');
  // A real recording made by the headless CLI, for the replay state.
  execFileSync(
    process.execPath,
    ['out/main/cli.js', 'record', '--seconds', '2', '--interval', '100', '--out', sessionFile],
    { stdio: 'ignore' },
  );
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Sets the theme one way of THEMES and checks the page took it. */
async function applyTheme(page: Page, theme: (typeof THEMES)[number]): Promise<void> {
  await page.emulateMedia({ colorScheme: theme.scheme });
  await page.getByTestId('theme-toggle').selectOption(theme.choice);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme.expected);
}

/** The opaque colours a canvas holds now, as #rrggbb, with how many pixels have each. */
function canvasColors(canvas: Locator): Promise<Record<string, number>> {
  return canvas.evaluate((element) => {
    const c = element as HTMLCanvasElement;
    const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
    const counts: Record<string, number> = {};
    for (let i = 0; i + 3 < data.length; i += 4) {
      if (data[i + 3] !== 255) continue;
      const hex = `#${[data[i], data[i + 1], data[i + 2]]
        .map((v) => (v ?? 0).toString(16).padStart(2, '0'))
        .join('')}`;
      counts[hex] = (counts[hex] ?? 0) + 1;
    }
    return counts;
  });
}

/** Opens a tab and waits until its panel is shown. */
async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
}

/** The lab's own server selected in the Processes tab, so its thread strips are shown. */
async function selectServer(page: Page, serve: ServeMode): Promise<void> {
  await openTab(page, 'Processes');
  await page.getByPlaceholder('name, pid or user').fill(String(serve.process.pid));
  await page
    .getByTestId('process-table')
    .locator(`tbody tr[data-pid="${serve.process.pid}"]`)
    .click();
  const panel = page.getByTestId('thread-panel');
  await expect(panel).toHaveAttribute('data-pid', String(serve.process.pid), { timeout: 20_000 });
  await expect(panel.locator('canvas.state-strip').first()).toBeVisible();
}

/** A small finished experiment with its lanes open, and the two runs compared. */
async function finishRun(page: Page): Promise<void> {
  await openTab(page, 'Experiments');
  const panel = page.getByTestId('experiments-panel');
  await panel.locator('select[name=workload]').selectOption('cpu');
  await panel.locator('select[name=model]').selectOption('node-worker-pool');
  await panel.locator('input[name=workers]').fill('2');
  await panel.locator('input[name=tasks]').fill('24');
  await panel.locator('input[name=cpuSize]').fill('100000');
  await panel.getByRole('button', { name: 'Start' }).click();
  const table = page.getByTestId('results-table');
  await expect(table.locator('tbody tr[data-run]')).toHaveCount(2, { timeout: 45_000 });
  await table
    .getByRole('button', { name: /^show lanes of / })
    .first()
    .click();
  await expect(page.getByTestId('result-lanes').first()).toBeVisible();
}

/** A finished IPC run and a finished compare, so the verdicts are on screen. */
async function finishIpc(page: Page): Promise<void> {
  await openTab(page, 'IPC');
  const form = page.getByTestId('ipc-run-form');
  await form.locator('select[name=mechanism]').selectOption('unix-socket');
  await form.locator('select[name=mode]').selectOption('throughput');
  await form.locator('select[name=limit]').selectOption('duration');
  await form.locator('input[name=duration]').fill('500');
  await page.getByTestId('ipc-start').click();
  await expect(page.getByTestId('ipc-traffic')).toHaveAttribute('data-status', 'completed', {
    timeout: 20_000,
  });
  const compare = page.getByTestId('ipc-compare');
  await compare.locator('input[name=compare-duration]').fill('100');
  await compare.locator('select[name=compare-size]').selectOption('1024');
  await page.getByTestId('compare-run').click();
  await expect(compare).toContainText('completed', { timeout: 40_000 });
  await expect(page.getByTestId('compare-table')).toBeVisible();
}

for (const language of LANGUAGES) {
  test.describe(`accessibility (${language})`, () => {
    test('every tab and state has no axe violations in either theme', async ({ page, serve }) => {
      // 18 full-page scans on a shared two-core machine: each takes seconds.
      test.setTimeout(480_000);
      await page.goto(serve.url);
      if (language !== 'en') await page.getByTestId('language').selectOption(language);
      await expect(page.getByTestId('core-chart')).toHaveAttribute('data-samples', /^[1-9]/);
      await selectServer(page, serve);
      await finishRun(page);
      await finishIpc(page);

      const found: string[] = [];
      for (const theme of THEMES) {
        await applyTheme(page, theme);
        for (const tab of ['Processes', 'Experiments', 'IPC']) {
          await openTab(page, tab);
          found.push(...(await violations(page, `${theme.name} ${tab}`)));
        }
      }

      // The toggle's choice is remembered: a reload keeps it over the OS preference.
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      await expect(page.getByTestId('theme-toggle')).toHaveValue('dark');

      // Replay: the same views from a recording, with the replay bar.
      await page.getByLabel('Recording file').setInputFiles(sessionFile);
      await expect(page.getByTestId('replay-title')).toContainText('two-seconds.ndjson');
      for (const theme of THEMES.slice(0, 2)) {
        await applyTheme(page, theme);
        for (const tab of ['Processes', 'Experiments', 'IPC']) {
          await openTab(page, tab);
          found.push(...(await violations(page, `${theme.name} replay ${tab}`)));
        }
      }
      expect(found).toEqual([]);
    });

    test("canvases redraw in the new theme's colours, without new data", async ({
      page,
      serve,
    }) => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(serve.url);
      if (language !== 'en') await page.getByTestId('language').selectOption(language);
      await selectServer(page, serve);
      // Sampling paused: nothing new arrives, so only the theme change can repaint them.
      // A line needs two points: pause only once the CPU chart has them (a slow start has not).
      await expect(page.getByTestId('core-chart')).toHaveAttribute(
        'data-samples',
        /^([2-9]|\d{2,})$/,
      );
      await page.getByRole('button', { name: /^Pause/ }).click();
      await expect(page.getByRole('button', { name: /^Resume/ })).toBeVisible();
      try {
        const strip = page.getByTestId('thread-panel').locator('canvas.state-strip').first();
        const core = page.getByTestId('core-chart-canvas').locator('canvas').first();
        const { dark, light } = COLORS;
        // The thread panel draws only while in the viewport (OnScreen).
        await strip.scrollIntoViewIfNeeded();
        // The server's threads mostly sleep: their strips show the blocked line.
        await expect
          .poll(async () => (await canvasColors(strip))[dark.graphic.blocked] ?? 0)
          .toBeGreaterThan(0);
        await expect
          .poll(async () => (await canvasColors(core))[dark.graphic.total] ?? 0)
          .toBeGreaterThan(0);

        await page.getByTestId('theme-toggle').selectOption('light');
        await expect
          .poll(async () => (await canvasColors(strip))[light.graphic.blocked] ?? 0)
          .toBeGreaterThan(0);
        expect((await canvasColors(strip))[dark.graphic.blocked] ?? 0).toBe(0);
        await expect
          .poll(async () => (await canvasColors(core))[light.graphic.total] ?? 0)
          .toBeGreaterThan(0);
        expect((await canvasColors(core))[dark.graphic.total] ?? 0).toBe(0);
      } finally {
        // The lab outlives this page (one per worker): leave it sampling for the next test.
        await page.getByRole('button', { name: /^Resume/ }).click();
        await expect(page.getByRole('button', { name: /^Pause/ })).toBeVisible();
      }
    });
  });
}

test.describe('accessibility (简体中文)', () => {
  test('every tab has no axe violations in either theme, in Chinese', async ({ page, serve }) => {
    test.setTimeout(300_000);
    await page.goto(serve.url);
    await selectServer(page, serve);
    // The runs the English pass finished are kept by the lab: open one's lanes, in Chinese.
    await page.getByTestId('language').selectOption('zh-CN');
    await openTab(page, '实验');
    const lanes = page
      .getByTestId('results-table')
      .locator('button[aria-controls], button.lanes-toggle');
    if ((await lanes.count()) > 0) await lanes.first().click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    const found: string[] = [];
    for (const theme of THEMES.slice(0, 2)) {
      await applyTheme(page, theme);
      for (const tab of ['进程', '实验', '进程间通信']) {
        await openTab(page, tab);
        found.push(...(await violations(page, `zh-CN ${theme.name} ${tab}`)));
      }
    }
    await page.getByTestId('concept-notes-toggle').click();
    found.push(...(await violations(page, 'zh-CN concept notes')));
    expect(found).toEqual([]);
    await page.getByTestId('language').selectOption('en');
  });
});
