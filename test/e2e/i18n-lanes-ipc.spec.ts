import type { Locator } from '@playwright/test';
import { collectPageErrors, expect, startServeMode, stopServeMode, test } from './serve-fixture';
import type { ServeMode } from './serve-fixture';

/**
 * Words that may stay Latin in the Chinese UI: product and API names, units and figure names.
 * Kept small on purpose: anything else English in these panels is a text left untranslated.
 */
const ALLOWED = new Set([
  'ms',
  'µs',
  'MB',
  's',
  'p50',
  'p90',
  'p99',
  'RTT',
  'CPU',
  'GIL',
  'pid',
  'tid',
  'Node',
  'libuv',
  'AF_UNIX',
  'FIFO',
  'Unix',
  'Linux',
]);

/** Latin words in a panel's visible text, aria-labels and titles, minus data and allowed words. */
async function englishWords(panel: Locator, data: readonly string[]): Promise<string[]> {
  const texts = await panel.evaluate((root) => {
    const out: string[] = [];
    for (const element of [root, ...root.querySelectorAll('*')]) {
      // <code> holds what the kernel or /proc names (socket:[…]), in no language.
      if (element.closest('code') !== null || element.getClientRects().length === 0) continue;
      // An element's own text, its pieces joined as they read (React splits `cpu{n}` in two).
      const own = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE);
      out.push(own.map((node) => node.textContent ?? '').join(''));
    }
    for (const element of [root, ...root.querySelectorAll('*')]) {
      for (const name of ['aria-label', 'title']) out.push(element.getAttribute(name) ?? '');
    }
    return out;
  });
  let text = texts.join('\n');
  // Thread and task names are the run's own data, not UI text: struck out as whole words.
  for (const name of [...data].sort((a, b) => b.length - a.length)) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'g'), ' ');
  }
  const words = text.match(/[A-Za-z][A-Za-z_]*\d*/g) ?? [];
  const english = [
    ...new Set(words.filter((word) => !ALLOWED.has(word) && !/^cpu\d+$/.test(word))),
  ];
  // On a failure, say where the words were.
  return english.map(
    (word) => `${word} in: ${text.split('\n').find((line) => line.includes(word))}`,
  );
}

let server: ServeMode;
test.beforeAll(async () => {
  server = await startServeMode();
});
test.afterAll(async () => {
  await stopServeMode(server);
});

test.describe('serve mode: run lanes and IPC results in 简体中文', () => {
  test('a node-async run: its lanes, task lanes and loop delay read in Chinese with its numbers', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    await page.getByTestId('language').selectOption('zh-CN');
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=workload]').selectOption('timer');
    await panel.locator('select[name=model]').selectOption('node-async');
    await panel.locator('input[name=concurrency]').fill('10');
    await panel.locator('input[name=tasks]').fill('40');
    await panel.locator('input[name=latencyMs]').fill('20');
    await panel.getByLabel('顺序执行基线').uncheck();
    await panel.getByRole('button', { name: '开始' }).click();

    const table = page.getByTestId('results-table');
    const row = table.locator('tbody tr').first();
    await expect(row.getByTestId('checksum-cell')).toHaveText('✓ 已验证', { timeout: 45_000 });
    await row.getByTestId('lanes-cell').getByRole('button').click();
    const kept = table.getByTestId('result-lanes');
    const tasks = kept.getByTestId('task-lanes');
    await expect(tasks).toHaveAttribute('data-task-lanes', '40');

    // The summary names the 40 tasks, their 40 lanes and the thread, in Chinese.
    const summary = (await tasks.getByTestId('task-lanes-summary').textContent()) ?? '';
    const thread = /^40 个任务，分在 40 条泳道，运行在 (\S+) 上$/.exec(summary)?.[1];
    expect(thread, `summary: ${summary}`).toBeDefined();
    // The switch counts are the ones the data attributes carry, in Chinese words.
    const switches = tasks.getByTestId('task-switches');
    const taskSwitches = Number(await switches.getAttribute('data-task-switches'));
    const kernel = Number(await switches.getAttribute('data-context-switches'));
    await expect(switches).toHaveText(
      `${taskSwitches.toLocaleString('en-US')} 次任务切换 · ${kernel.toLocaleString('en-US')} 次内核上下文切换`,
    );
    // Around the run: the machine's name and the CPU chart's run marks, written by the page.
    await expect(page.getByTestId('watching')).toContainText('本机');
    await expect(page.locator('ul.run-markers')).toContainText(/run-\d+ 开始，/);
    await expect(page.locator('ul.run-markers')).toContainText(/run-\d+ 结束，/);
    await expect(kept.getByTestId('loop-delay')).toContainText(/事件循环延迟 p50 [\d.]+ ms/);
    await expect(kept.getByTestId('lanes-overlap')).toContainText('的时间里有两个或更多同时运行');
    await expect(tasks.locator('canvas')).toHaveAttribute('aria-label', /^任务泳道，40 个任务/);
    await expect(kept.locator('canvas.lanes-canvas').first()).toHaveAttribute(
      'aria-label',
      /运行 \d+ %，就绪 \d+ %，阻塞 \d+ %/,
    );

    // Workers' names in the tasks-done label: "…：io-async 40, io-async-2 3".
    const done = (await kept.locator('canvas.tasks-canvas').getAttribute('aria-label')) ?? '';
    const workers = done
      .slice(done.indexOf('：') + 1)
      .split(', ')
      .map((entry) => entry.replace(/ [\d,]+$/, ''));
    const names = [
      ...(await kept.locator('ol.lane-labels li').allTextContents()),
      ...(await tasks.locator('ol.task-lane-labels li').allTextContents()),
      ...workers,
    ].map((name) => name.trim());
    expect(await englishWords(kept, names)).toEqual([]);
    expect(await englishWords(page.getByTestId('lanes-legend').first(), [])).toEqual([]);

    await page.getByTestId('language').selectOption('en');
    await expect(tasks.getByTestId('task-lanes-summary')).toHaveText(
      `40 tasks in 40 lanes on ${thread}`,
    );
    expect(errors).toEqual([]);
  });

  test('an IPC run: the mechanism note and the result read in Chinese', async ({ page }) => {
    test.setTimeout(60_000);
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'IPC' }).click();
    await page.getByTestId('language').selectOption('zh-CN');
    const form = page.getByTestId('ipc-run-form');
    // A Python mechanism's note, and pipe's Linux note, come from the texts too.
    const info = page.getByTestId('ipc-mechanism-info');
    await form.locator('select[name=mechanism]').selectOption('python-manager-queue');
    // The note comes with the lab's list of mechanisms: wait for it before reading the words.
    await expect(info).toContainText(' — ');
    await expect(info).toContainText('管理器');
    // put and get are the queue's own methods, quoted.
    expect(await englishWords(info, ['put', 'get', 'Python'])).toEqual([]);
    await form.locator('select[name=mechanism]').selectOption('pipe');
    await expect(info).toContainText('子进程');
    await expect(info).toContainText('AF_UNIX');
    expect(await englishWords(info, ["'pipe'", 'pipes'])).toEqual([]);

    await form.locator('select[name=limit]').selectOption('duration');
    await form.locator('input[name=duration]').fill('500');
    await page.getByTestId('ipc-start').click();
    const traffic = page.getByTestId('ipc-traffic');
    await expect(traffic).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });
    await expect(page.getByTestId('ipc-run-summary')).toContainText('运行已完成');
    expect(await englishWords(traffic, [])).toEqual([]);

    await page.getByTestId('language').selectOption('en');
    await expect(info).toContainText('child stdio');
    expect(errors).toEqual([]);
  });
});
