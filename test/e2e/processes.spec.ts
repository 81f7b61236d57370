import { existsSync } from 'node:fs';
import { collectPageErrors, expect, test } from './serve-fixture';

test.describe('serve mode: the Processes tab', () => {
  test('shows real processes, filters them, and shows the threads of a selected one', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Processes' }).click();
    const table = page.getByTestId('process-table');
    const rows = table.locator('tbody tr');
    // The lab's own server is a real process on this machine: it must be listed. Only the rows
    // in view are in the page, so the filter (by its pid) brings it into view.
    const server = table.locator(`tbody tr[data-pid="${serve.process.pid}"]`);
    await expect.poll(() => rows.count()).toBeGreaterThan(3);
    const filter = page.getByPlaceholder('name, pid or user');
    await filter.fill(String(serve.process.pid));
    await expect(server).toBeVisible();
    await expect(server.locator('td').nth(1)).toContainText('node');
    // The system figures: each core's split, and Linux's load average.
    await expect(page.getByTestId('system-summary')).toContainText('cpu0');
    await expect(page.getByTestId('load-average')).toHaveText(/^\d+\.\d\d \d+\.\d\d \d+\.\d\d$/);

    // Filter by pid: only processes whose pid starts with it (the server among them).
    await expect(server).toBeVisible();
    const shown = await rows.count();
    expect(shown).toBeLessThan(5);
    for (const pid of await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset['pid'] ?? ''))) {
      expect(pid.startsWith(String(serve.process.pid))).toBe(true);
    }
    await filter.fill('no-such-process-name-zz');
    await expect(rows).toHaveCount(0);
    await filter.fill('');
    await expect.poll(() => rows.count()).toBeGreaterThan(3);

    // Sorting by a column reverses on a second click.
    const pidHeader = table.getByRole('button', { name: /^PID/ });
    await pidHeader.click();
    await expect(table.locator('th[aria-sort="ascending"]')).toContainText('PID');
    await pidHeader.click();
    await expect(table.locator('th[aria-sort="descending"]')).toContainText('PID');

    // Selecting the server shows its threads (Node runs several), with states over time. Only
    // the rows in view are in the page: filter so the server's row is one of them.
    await filter.fill(String(serve.process.pid));
    await server.click();
    const panel = page.getByTestId('thread-panel');
    await expect(panel).toHaveAttribute('data-pid', String(serve.process.pid), {
      timeout: 20_000,
    });
    await expect.poll(() => panel.getByTestId('thread-row').count()).toBeGreaterThan(3);
    await expect(page.getByTestId('state-legend')).toContainText('ready (waiting for a CPU)');
    await expect(panel.locator('canvas.state-strip').first()).toBeVisible();
    await expect(panel.locator('canvas.core-lane').first()).toBeVisible();
    await expect(page.getByTestId('watch-list')).toContainText(String(serve.process.pid));

    // The table interval is a lab setting: the choice comes back from the lab.
    await page.getByLabel('Table every').selectOption('2000');
    await expect(page.getByLabel('Table every')).toHaveValue('2000');
    await page.getByLabel('Table every').selectOption('1000');

    // The CPU % mode is labelled and switches.
    await expect(page.getByTestId('cpu-mode-label')).toHaveText('100 % = one core fully busy');
    await page.getByLabel('% of the machine').check();
    await expect(page.getByTestId('cpu-mode-label')).toContainText('% of the machine');

    expect(errors).toEqual([]);
  });

  test('tree view nests children under their parent; kernel threads are hidden by default', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Processes' }).click();
    const table = page.getByTestId('process-table');
    // Only the rows in view are in the page: the filter brings the wanted ones into view.
    const filter = page.getByPlaceholder('name, pid or user');
    await filter.fill(String(serve.process.pid));
    await expect(table.locator(`tbody tr[data-pid="${serve.process.pid}"]`)).toBeVisible();
    if (existsSync('/proc/2/stat')) {
      // pid 2 is kthreadd, the parent of Linux's kernel threads.
      await filter.fill('kthreadd');
      await expect(table.locator('tbody tr[data-pid="2"]')).toHaveCount(0);
      await page.getByLabel('Kernel threads').check();
      await expect(table.locator('tbody tr[data-pid="2"]')).toHaveCount(1);
    }
    await filter.fill('');
    await page.getByLabel('Tree view').check();
    await expect(table.locator('.tree-mark').first()).toBeVisible();
  });

  test('live views are canvases: the page stays the same size while a process is watched', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    const chart = page.getByTestId('core-chart');
    await expect(chart.locator('canvas').first()).toBeVisible();
    await expect(chart.locator('svg')).toHaveCount(0);
    await page.getByRole('tab', { name: 'Processes' }).click();
    // Fast table ticks fill the thread strips quickly; the filter keeps the table to the server,
    // so other processes coming and going on the machine do not change the count.
    await page.getByLabel('Table every').selectOption('250');
    await page.getByPlaceholder('name, pid or user').fill(String(serve.process.pid));
    const server = page.locator(
      `[data-testid="process-table"] tbody tr[data-pid="${serve.process.pid}"]`,
    );
    await server.click();
    const panel = page.getByTestId('thread-panel');
    await expect(panel).toHaveAttribute('data-pid', String(serve.process.pid), { timeout: 20_000 });
    await expect.poll(() => panel.getByTestId('thread-row').count()).toBeGreaterThan(3);
    await expect(panel.locator('canvas.state-strip').first()).toBeVisible();
    await expect(page.getByTestId('thread-count-chart').locator('canvas').first()).toBeVisible();

    const tab = page.getByTestId('processes-tab');
    const rows = panel.getByTestId('thread-row');
    // A thread the server starts meanwhile (libuv starts its pool on first use) adds a row of
    // its own: that growth is a new thread, not a new tick, so it is counted out.
    const elementsPerRow = await rows
      .first()
      .evaluate((row) => row.getElementsByTagName('*').length + 1);
    // Counted inside the thread panel, where the strips are: the rest of the page (the table's
    // other processes, the actions bar, status lines) can change for reasons of its own.
    const reading = async (): Promise<{ elements: number; rows: number; ticks: number }> => ({
      elements: await panel.evaluate((element) => element.getElementsByTagName('*').length),
      rows: await rows.count(),
      ticks: Number(await tab.getAttribute('data-ticks')),
    });
    const first = await reading();
    await page.waitForTimeout(10_000);
    const second = await reading();
    await page.getByLabel('Table every').selectOption('1000');
    // Ticks kept arriving (about 40 at 250 ms), each adding a column to every thread's strip...
    expect(second.ticks).toBeGreaterThan(first.ticks + 10);
    // ...yet the panel did not grow: strips are canvases, not one element per tick.
    const fromNewRows = (second.rows - first.rows) * elementsPerRow;
    expect(Math.abs(second.elements - first.elements - fromNewRows)).toBeLessThanOrEqual(
      first.elements * 0.05,
    );
  });
});
