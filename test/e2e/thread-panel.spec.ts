import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { axeViolations } from './axe-violations';
import { collectPageErrors, expect, test } from './serve-fixture';

/** Watches the process `pid`: filters the process table to it and clicks its row. */
async function watch(page: Page, pid: number): Promise<void> {
  await page.getByRole('tab', { name: 'Processes' }).click();
  await page.getByPlaceholder('name, pid or user').fill(String(pid));
  await page.locator(`[data-testid="process-table"] tbody tr[data-pid="${pid}"]`).click();
  await expect(page.getByTestId('thread-panel')).toHaveAttribute('data-pid', String(pid), {
    timeout: 20_000,
  });
}

/** The TIDs of the thread rows in page order. */
async function rowTids(page: Page): Promise<number[]> {
  return page
    .getByTestId('thread-row')
    .evaluateAll((rows) => rows.map((row) => Number((row as HTMLElement).dataset['tid'])));
}

test.describe('serve mode: the thread panel', () => {
  const children: ChildProcess[] = [];

  test.afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  });

  test('sorts, filters and hides idle threads of the server', async ({ page, serve }) => {
    const errors = collectPageErrors(page);
    const pid = serve.process.pid ?? 0;
    await page.goto(serve.url);
    await watch(page, pid);
    const panel = page.getByTestId('thread-panel');
    const rows = panel.getByTestId('thread-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);

    // TID: first click ascending, second descending; the rows follow.
    const tidHeader = panel.locator('th', { has: page.getByRole('button', { name: /^TID/ }) });
    await expect(tidHeader).toHaveAttribute('aria-sort', 'none');
    await tidHeader.getByRole('button').click();
    await expect(tidHeader).toHaveAttribute('aria-sort', 'ascending');
    await tidHeader.getByRole('button').click();
    await expect(tidHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(panel.locator('th[aria-sort="descending"]')).toHaveCount(1);
    await expect
      .poll(async () => {
        const tids = await rowTids(page);
        return tids.length > 3 && tids.every((tid, i) => i === 0 || tids[i - 1]! > tid);
      })
      .toBe(true);
    expect((await rowTids(page)).at(-1)).toBe(pid); // the main thread's TID is the pid

    // Filter by name (Node names its threads "node"), by TID, and by something absent.
    const filter = panel.getByLabel('Filter threads');
    await filter.fill('node');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    for (const name of await rows.locator('td:nth-child(2)').allTextContents()) {
      expect(name.toLowerCase()).toContain('node');
    }
    await filter.fill(String(pid));
    await expect(panel.locator(`[data-testid="thread-row"][data-tid="${pid}"]`)).toBeVisible();
    for (const tid of await rowTids(page)) expect(String(tid).startsWith(String(pid))).toBe(true);
    await filter.fill('no-such-thread-zz');
    await expect(rows).toHaveCount(0);
    await expect(panel).toContainText('No thread matches.');
    await filter.fill('');

    // Hide idle: the server's worker threads sleep without CPU between requests.
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    const all = await rows.count();
    const hideIdle = panel.getByLabel('hide idle');
    await hideIdle.check();
    await expect.poll(() => rows.count()).toBeLessThan(all);
    await hideIdle.uncheck();
    await expect.poll(() => rows.count()).toBe(all);

    // In Chinese the new controls are translated too.
    await page.getByTestId('language').selectOption('zh-CN');
    await expect(panel.getByLabel('筛选线程')).toBeVisible();
    await expect(panel).toContainText('隐藏空闲线程');
    await expect(panel.getByLabel('Filter threads')).toHaveCount(0);
    await expect(panel.getByText('hide idle')).toHaveCount(0);
    await page.getByTestId('language').selectOption('en');
    await expect(panel.getByLabel('Filter threads')).toBeVisible();

    // Stopping the watch of a running process does not call it ended.
    const tab = page.getByTestId('processes-tab');
    await page.getByRole('button', { name: `stop watching ${pid}` }).click();
    const ticks = Number(await tab.getAttribute('data-ticks'));
    await expect
      .poll(async () => Number(await tab.getAttribute('data-ticks')))
      .toBeGreaterThan(ticks + 1);
    await expect(panel.getByRole('status')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('marks a watched process that exited as ended and keeps its threads', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    // A short-lived Node process that exits when its stdin closes, so the test chooses when.
    const child = spawn(
      process.execPath,
      ['-e', 'process.stdin.resume(); process.stdin.on("end", () => process.exit(0))'],
      { stdio: ['pipe', 'ignore', 'ignore'] },
    );
    children.push(child);
    const pid = child.pid ?? 0;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await page.goto(serve.url);
    await watch(page, pid);
    const panel = page.getByTestId('thread-panel');
    await expect.poll(() => panel.getByTestId('thread-row').count()).toBeGreaterThan(1);
    await expect(panel.getByRole('status')).toHaveCount(0);

    child.stdin?.end();
    await exited;
    const status = panel.getByRole('status');
    await expect(status).toContainText('ended', { timeout: 20_000 });
    await expect(status).toContainText(String(pid));
    // Its last threads stay in the panel (greyed), rather than vanishing.
    await expect(panel).toHaveAttribute('data-pid', String(pid));
    await expect(panel).toHaveClass(/ended/);
    await expect(panel.locator(`[data-testid="thread-row"][data-tid="${pid}"]`)).toBeVisible();
    // Greyed is not unreadable: the ended panel keeps the contrast text needs.
    expect(await axeViolations(page, 'ended thread panel', '.thread-panel')).toEqual([]);
    expect(errors).toEqual([]);
  });
});
