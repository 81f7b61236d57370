import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import {
  collectPageErrors,
  expect,
  startServeMode,
  stopServeMode,
  test,
  type ServeMode,
} from './serve-fixture';

// A real CPU burner and a real sleeper, owned by this file and killed when it ends.
let burner: ChildProcess;
let sleeper: ChildProcess;
let serve: ServeMode;

test.beforeAll(async () => {
  burner = spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' });
  sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
  // A server of its own: the history store starts empty and only these processes are watched.
  serve = await startServeMode();
});

test.afterAll(async () => {
  for (const child of [burner, sleeper]) if (child.exitCode === null) child.kill('SIGKILL');
  await stopServeMode(serve);
});

/** CPU time the process has used so far, in clock ticks (utime + stime from /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Block characters shown (blanks are samples not taken yet). */
const filled = (text: string): number => text.replace(/ /g, '').length;

/** Filters the table to one pid, watches it, and returns its history cell. */
async function showProcess(page: Page, pid: number): Promise<ReturnType<Page['locator']>> {
  await page.getByPlaceholder('name, pid or user').fill(String(pid));
  const row = page.locator(`[data-testid="process-table"] tbody tr[data-pid="${pid}"]`);
  await row.click();
  return row.locator('td.cpu-history');
}

/** The "max" CPU figure of the detail box, in %. */
async function boxMax(page: Page): Promise<number> {
  const text = (await page.getByTestId('history-cpu-figures').textContent()) ?? '';
  const match = /max ([\d.]+) %/.exec(text);
  if (match === null) throw new Error(`no max in "${text}"`);
  return Number(match[1]);
}

test('the CPU history column and box follow a real burner and a real sleeper', async ({ page }) => {
  const errors = collectPageErrors(page);
  const burnerPid = burner.pid ?? 0;
  const sleeperPid = sleeper.pid ?? 0;
  await page.goto(serve.url);
  await page.getByRole('tab', { name: 'Processes' }).click();
  await page.getByLabel('Table every').selectOption('250');
  const header = page.getByTestId('process-table').getByRole('columnheader', {
    name: 'CPU history',
  });
  await expect(header).toBeVisible();

  // The burner: its history fills in from the right, and its blocks stand above the floor
  // exactly when /proc says it used CPU time over the same interval.
  const burnerTicks = cpuTicks(burnerPid);
  const start = Date.now();
  const burnerCell = await showProcess(page, burnerPid);
  await expect(burnerCell).toHaveText(/[▁-█]/, { timeout: 20_000 });
  const early = filled((await burnerCell.textContent()) ?? '');
  await expect.poll(async () => filled((await burnerCell.textContent()) ?? '')).toBe(20);
  expect(early).toBeLessThan(20); // it grew while we watched: a live history, not a snapshot
  // All of it shows: the newest sample, at the right edge, is not cut off by the column.
  const fits = await burnerCell.evaluate((cell) => cell.scrollWidth <= cell.clientWidth);
  expect(fits, 'the history cell overflows its column').toBe(true);
  const box = page.getByTestId('process-history');
  await expect(box).toHaveAttribute('data-key', new RegExp(`^${burnerPid}:`));
  await expect.poll(async () => Number(await box.getAttribute('data-samples'))).toBeGreaterThan(20);
  const burnerUsed = cpuTicks(burnerPid) - burnerTicks;
  const seconds = (Date.now() - start) / 1000;
  const procPercent = ((burnerUsed / 100) * 100) / seconds; // CLK_TCK is 100 on Linux
  expect(burnerUsed).toBeGreaterThan(0);
  expect(await burnerCell.textContent()).toMatch(/[▂-█]/);
  await expect(page.getByTestId('history-cpu-spark')).toHaveText(/[▂-█]/);
  // The busiest sample shown is at least about the average /proc measured over the interval.
  expect(await boxMax(page)).toBeGreaterThanOrEqual(procPercent / 2);
  await expect(box).toHaveAttribute(
    'aria-label',
    /^CPU over the last \d+(\.\d)? s: now [\d.]+ %, max [\d.]+ %; memory [\d.]+ \w+, (grew|fell|unchanged)/,
  );
  await expect(box.locator('.history-axis')).toContainText(/^-\d+(\.\d)? s0 s$/);
  expect(await burnerCell.getAttribute('aria-label')).toMatch(/^CPU history: now [\d.]+ %/);

  // The sleeper: /proc says it used no CPU, and its history is flat on the floor.
  const sleeperTicks = cpuTicks(sleeperPid);
  const sleeperCell = await showProcess(page, sleeperPid);
  await expect(box).toHaveAttribute('data-key', new RegExp(`^${sleeperPid}:`));
  await expect.poll(async () => (await sleeperCell.textContent()) ?? '').toBe('▁'.repeat(20));
  await expect(box).toHaveAttribute('aria-label', /max 0(\.0)? %/);
  await expect(page.getByTestId('history-cpu-spark')).toHaveText(/^▁+$/);
  expect(await boxMax(page)).toBe(0);
  expect(cpuTicks(sleeperPid) - sleeperTicks).toBe(0);
  expect(errors).toEqual([]);
});
