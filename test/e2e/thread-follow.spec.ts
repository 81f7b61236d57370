import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { collectPageErrors, expect, startServeMode, stopServeMode, test } from './serve-fixture';

/** The command line of a live process, '' once it is gone. */
function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** The pid the thread panel shows, or null while it shows none. */
async function panelPid(page: Page): Promise<number | null> {
  const panel = page.getByTestId('thread-panel');
  if ((await panel.count()) === 0) return null;
  const pid = await panel.getAttribute('data-pid');
  return pid === null ? null : Number(pid);
}

/**
 * Starts a run of a pool of two child processes from the Experiments tab: timer waits, so it
 * lasts a few seconds without loading the machine, with the baseline run first.
 */
async function startPoolRun(page: Page): Promise<void> {
  await page.getByRole('tab', { name: 'Experiments', exact: true }).click();
  const panel = page.getByTestId('experiments-panel');
  await panel.locator('select[name=workload]').selectOption('timer');
  await panel.locator('select[name=model]').selectOption('node-process-pool');
  await panel.locator('input[name=workers]').fill('2');
  await panel.locator('input[name=tasks]').fill('8');
  await panel.locator('input[name=latencyMs]').fill('1500');
  await panel.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-progress')).toBeVisible();
  await page.getByRole('tab', { name: 'Processes', exact: true }).click();
}

/** Waits until the panel shows a live process of the run's pool, and returns its pid. */
async function expectPanelOnPoolWorker(page: Page): Promise<number> {
  let pid: number | null = null;
  await expect
    .poll(
      async () => {
        pid = await panelPid(page);
        return pid === null ? '' : cmdline(pid);
      },
      { timeout: 45_000 },
    )
    .toContain('experiment-worker');
  return pid ?? 0;
}

test('the thread panel follows the newest lab process unless a process was picked by hand', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A server of its own: no other spec's lab processes, and a clean watch list.
  const serve = await startServeMode();
  try {
    const errors = collectPageErrors(page);
    const serverPid = serve.process.pid ?? 0;
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Processes', exact: true }).click();
    const toggle = page.getByRole('checkbox', { name: 'Follow newest lab process' });
    const status = page.getByTestId('follow-status');
    await expect(toggle).toBeChecked();
    await expect(status).toContainText('next process the lab starts');

    // No click: the panel moves to the run's processes as the lab starts them. The newest one
    // of a pool run is a pool worker (the host starts first), a real process running the
    // lab's worker entry; the header names it and says why it is shown.
    await startPoolRun(page);
    const worker = await expectPanelOnPoolWorker(page);
    await expect(status).toHaveAttribute('data-followed-pid', String(worker));
    await expect(status).toContainText(`following the newest lab process:`);
    await expect(status).toContainText(`(${worker})`);
    // When it ends, the panel stays on it (its rows greyed) until the lab starts another.
    await expect(page.getByTestId('thread-panel-ended')).toBeVisible({ timeout: 60_000 });
    expect(await panelPid(page)).toBe(worker);
    // The run (its baseline first, then the pool) is over before the next one starts.
    await page.getByRole('tab', { name: 'Experiments', exact: true }).click();
    await expect(page.getByTestId('results-table').locator('tbody tr[data-run]')).toHaveCount(2, {
      timeout: 60_000,
    });
    await page.getByRole('tab', { name: 'Processes', exact: true }).click();

    // A pick by hand turns following off, and that choice survives a reload.
    const pickServer = async (): Promise<void> => {
      await page.getByPlaceholder('name, pid or user').fill(String(serverPid));
      await page.locator(`[data-testid="process-table"] tbody tr[data-pid="${serverPid}"]`).click();
      await expect(page.getByTestId('thread-panel')).toHaveAttribute(
        'data-pid',
        String(serverPid),
        { timeout: 20_000 },
      );
    };
    await pickServer();
    await expect(toggle).not.toBeChecked();
    await expect(status).toContainText('showing the process you picked');
    await page.reload();
    await page.getByRole('tab', { name: 'Processes', exact: true }).click();
    await expect(toggle).not.toBeChecked();
    await pickServer();

    // A second run: its processes come and go, the hand-picked server stays shown.
    await startPoolRun(page);
    const tab = page.getByTestId('processes-tab');
    await expect(page.getByTestId('watch-list').locator('.badge')).not.toHaveCount(0, {
      timeout: 30_000,
    });
    // Several table ticks after the lab's processes are in the thread samples.
    const ticks = Number(await tab.getAttribute('data-ticks'));
    await expect
      .poll(async () => Number(await tab.getAttribute('data-ticks')), { timeout: 20_000 })
      .toBeGreaterThan(ticks + 2);
    expect(await panelPid(page)).toBe(serverPid);
    await expect(toggle).not.toBeChecked();

    // Following turned back on: the panel jumps to the run's newest process.
    await toggle.check();
    const again = await expectPanelOnPoolWorker(page);
    expect(again).not.toBe(worker);
    await expect(status).toHaveAttribute('data-followed-pid', String(again));
    expect(errors).toEqual([]);
  } finally {
    await stopServeMode(serve);
  }
});
