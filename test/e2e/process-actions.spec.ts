import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { requireMachine } from '../unit/support/machine';
import { expect, test } from './serve-fixture';

/** The state letter of a process in /proc, or null once it is gone. */
function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

/** Ends a child the test started (if it still runs) and waits until it has been reaped. */
async function reap(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

/** Selects the process `pid` with the keyboard only: `/`, its pid, ↓ to the rows, Enter. */
async function selectByKeyboard(page: Page, pid: number): Promise<void> {
  await page.getByRole('tab', { name: 'Processes' }).click();
  await expect(page.getByTestId('table-status')).toContainText('shown');
  await page.keyboard.press('/');
  await expect(page.getByPlaceholder('name, pid or user')).toBeFocused();
  await page.keyboard.type(String(pid));
  const row = page.locator(`[data-testid="process-table"] tbody tr[data-pid="${pid}"]`);
  await expect(row).toBeVisible();
  await page.keyboard.press('ArrowDown');
  // Other pids may start with the same digits: go down until ours has the focus.
  for (let i = 0; i < 20 && !(await row.evaluate((tr) => tr === document.activeElement)); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(row).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(row).toHaveAttribute('aria-selected', 'true');
}

test.describe('serve mode: acting on a process', () => {
  const children: ChildProcess[] = [];

  test.afterEach(async () => {
    await Promise.all(children.splice(0).map(reap));
  });

  test('stops, continues and kills a sleep, chosen and acted on with the keyboard', async ({
    page,
    serve,
  }) => {
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(sleeper);
    const pid = sleeper.pid ?? 0;
    const exited = new Promise<void>((resolve) => sleeper.once('exit', () => resolve()));
    await page.goto(serve.url);
    await selectByKeyboard(page, pid);
    const actions = page.getByTestId('process-actions');
    await expect(actions).toContainText(`sleep (PID ${pid})`);
    const row = page.locator(`[data-testid="process-table"] tbody tr[data-pid="${pid}"]`);
    const dialog = page.getByTestId('confirm-dialog');

    // k opens the signal menu on Stop; a stop asks first, naming the process, Cancel focused.
    await page.keyboard.press('k');
    await expect(page.getByRole('menuitem', { name: /^Stop/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(`sleep (PID ${pid})`);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Send SIGSTOP' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('action-status')).toContainText('T (stopped)');
    expect(procState(pid)).toBe('T');
    await expect(row.locator('td.state')).toHaveText('T');

    // Continue asks nothing: the process sleeps again.
    await page.keyboard.press('k');
    await expect(page.getByRole('menuitem', { name: /^Stop/ })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: /^Continue/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('action-status')).toContainText('Sent SIGCONT');
    await expect.poll(() => procState(pid)).toBe('S');
    await expect(row.locator('td.state')).toHaveText('S');

    // Kill, after saying yes; the process is gone from /proc and from the table.
    await page.keyboard.press('F9');
    // The menu opens once the lab has said what it may do to the process: wait for it.
    await expect(page.getByRole('menuitem', { name: /^Stop/ })).toBeFocused();
    await page.keyboard.press('End');
    await expect(page.getByRole('menuitem', { name: /^Kill/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(dialog).toContainText('SIGKILL');
    await dialog.getByRole('button', { name: 'Send SIGKILL' }).click();
    await expect(page.getByTestId('action-status')).toContainText('it has ended');
    await exited;
    expect(sleeper.signalCode).toBe('SIGKILL');
    expect(procState(pid)).toBeNull();
    await expect(row).toHaveCount(0);
  });

  test('a cancelled stop changes nothing', async ({ page, serve }) => {
    const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(sleeper);
    const pid = sleeper.pid ?? 0;
    await page.goto(serve.url);
    await selectByKeyboard(page, pid);
    await page.keyboard.press('k');
    await expect(page.getByRole('menuitem', { name: /^Stop/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('confirm-dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('confirm-dialog')).toBeHidden();
    await page.waitForTimeout(300);
    expect(procState(pid)).toBe('S');
    await expect(page.getByTestId('action-status')).toHaveText('');
  });

  test("another user's process is refused, with the reason, and left alone", async ({
    page,
    serve,
  }) => {
    requireMachine(test.skip, 'root', 'setpriv');
    const other = spawn(
      '/usr/bin/setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '600'],
      { stdio: 'ignore' },
    );
    children.push(other);
    const pid = other.pid ?? 0;
    await expect.poll(() => procState(pid)).toBe('S');
    await page.goto(serve.url);
    await selectByKeyboard(page, pid);
    const actions = page.getByTestId('process-actions');
    await expect(actions.getByRole('alert')).toContainText(
      `PID ${pid} belongs to nobody; the lab acts only on its own user's processes`,
    );
    await expect(actions.getByRole('button', { name: /Send signal/ })).toBeDisabled();
    expect(procState(pid)).toBe('S');
  });
});
