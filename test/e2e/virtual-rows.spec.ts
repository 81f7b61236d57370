import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect, startServeMode, stopServeMode, test, type ServeMode } from './serve-fixture';

/** How many processes the test starts: several screens of the table. */
const COUNT = 150;
/** A sleep length no other process on the machine has, so the filter finds exactly ours. */
const MARKER = '600.4242';

/** The system Python, which starts threads cheaply. */
const PYTHON = '/usr/bin/python3';
/** Threads the many-threads process starts besides its main thread. */
const THREADS = 120;
const MANY_THREADS = `import threading, time
for _ in range(${THREADS}):
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
time.sleep(600)`;

test.describe('serve mode: virtual rows', () => {
  let sleepers: ChildProcess[] = [];
  // Its own server: the rows it counts must not share a backend with other tests' runs.
  let serve: ServeMode;

  test.beforeAll(async () => {
    serve = await startServeMode();
    sleepers = Array.from({ length: COUNT }, () =>
      spawn('sleep', [MARKER], { stdio: 'ignore', detached: false }),
    );
  });

  test.afterAll(async () => {
    await stopServeMode(serve);
    await Promise.all(
      sleepers.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      ),
    );
  });

  test('the process table has only the rows in view in the page, and scrolls to the rest', async ({
    page,
  }) => {
    const pids = sleepers.map((child) => child.pid ?? 0).sort((a, b) => a - b);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Processes' }).click();
    const table = page.getByTestId('process-table');
    await page.getByPlaceholder('name, pid or user').fill(MARKER);
    await expect(page.getByTestId('table-status')).toContainText(`${COUNT} shown`, {
      timeout: 20_000,
    });
    const rendered = table.locator('tbody tr[data-pid]');
    const inPage = await rendered.count();
    expect(inPage).toBeGreaterThan(0);
    expect(inPage).toBeLessThan(COUNT);
    // A screen reader still hears the whole table: its rows and the header row.
    await expect(table).toHaveAttribute('aria-rowcount', String(COUNT + 1));

    // Lowest pid first; scrolling to the end brings the highest pid in and the lowest out.
    await table.getByRole('button', { name: /^PID/ }).click();
    await expect(table.locator('th[aria-sort="ascending"]')).toContainText('PID');
    const first = table.locator(`tbody tr[data-pid="${pids[0]}"]`);
    const last = table.locator(`tbody tr[data-pid="${pids.at(-1)}"]`);
    await expect(first).toHaveAttribute('aria-rowindex', '2');
    await expect(last).toHaveCount(0);
    await page.locator('.process-table-box').evaluate((box) => (box.scrollTop = box.scrollHeight));
    await expect(last).toBeVisible();
    await expect(last).toHaveAttribute('aria-rowindex', String(COUNT + 1));
    await expect(first).toHaveCount(0);

    // A row scrolled into view is watched like any other.
    await last.click();
    await expect(last).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('watch-list')).toContainText(String(pids.at(-1)));
    await expect(page.getByTestId('thread-panel')).toHaveAttribute(
      'data-pid',
      String(pids.at(-1)),
      { timeout: 20_000 },
    );
  });

  test('the thread panel has only the threads in view in the page', async ({ page }) => {
    test.skip(!existsSync(PYTHON), `no ${PYTHON} here (Debian package python3)`);
    // One process with many threads, all asleep. Its pid is the filter below, so it must not be
    // part of the sleepers' MARKER (their 150 rows would match it too and hide its row).
    let threads = spawn(PYTHON, ['-c', MANY_THREADS], { stdio: 'ignore' });
    while (MARKER.includes(String(threads.pid))) {
      threads.kill('SIGKILL');
      threads = spawn(PYTHON, ['-c', MANY_THREADS], { stdio: 'ignore' });
    }
    try {
      await page.goto(serve.url);
      await page.getByRole('tab', { name: 'Processes' }).click();
      await page.getByPlaceholder('name, pid or user').fill(String(threads.pid));
      await page
        .locator(`[data-testid="process-table"] tbody tr[data-pid="${threads.pid}"]`)
        .click();
      const panel = page.getByTestId('thread-panel');
      await expect(panel).toHaveAttribute('data-pid', String(threads.pid), { timeout: 20_000 });
      await expect(panel).toContainText(`${THREADS + 1} threads`, { timeout: 20_000 });
      const rows = panel.getByTestId('thread-row');
      const inPage = await rows.count();
      expect(inPage).toBeGreaterThan(0);
      expect(inPage).toBeLessThan(THREADS + 1);
      // The whole table for a screen reader: every thread and the header row.
      await expect(panel.locator('table.thread-table')).toHaveAttribute(
        'aria-rowcount',
        String(THREADS + 2),
      );
      // The last thread scrolls into view, strip included. Scrolled again on every try: rows
      // measured after the first scroll (or a new sample) can make the list taller meanwhile.
      // Each try reads what the panel shows, so a failure says which process, how many rows
      // and where the scroll stood.
      const last = panel.locator(`[data-testid="thread-row"][aria-rowindex="${THREADS + 2}"]`);
      await expect
        .poll(
          async () => {
            const seen = await panel.evaluate((element) => {
              const box = element.querySelector<HTMLElement>('.thread-table-box');
              if (box !== null) box.scrollTop = box.scrollHeight;
              const indexes = [...element.querySelectorAll('[data-testid="thread-row"]')].map(
                (row) => Number(row.getAttribute('aria-rowindex')),
              );
              return {
                pid: element.getAttribute('data-pid'),
                rowCount: element.querySelector('table')?.getAttribute('aria-rowcount'),
                lastIndex: Math.max(0, ...indexes),
                scroll: `${box?.scrollTop}/${box?.scrollHeight}/${box?.clientHeight}`,
              };
            });
            return { ...seen, lastVisible: await last.isVisible() };
          },
          { timeout: 20_000 },
        )
        .toMatchObject({
          pid: String(threads.pid),
          rowCount: String(THREADS + 2),
          lastIndex: THREADS + 2,
          lastVisible: true,
        });
      await expect(last.locator('.state-strip')).toBeVisible();
    } finally {
      await new Promise<void>((resolve) => {
        threads.once('exit', () => resolve());
        threads.kill('SIGKILL');
      });
    }
  });
});
