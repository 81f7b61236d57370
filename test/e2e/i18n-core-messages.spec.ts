import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { requireMachine } from '../unit/support/machine';
import {
  collectPageErrors,
  expect,
  startServeMode,
  stopServeMode,
  test,
  type ServeMode,
} from './serve-fixture';

/**
 * Sentences the lab builds itself (refusals, what an action did) reach the Chinese UI in Chinese,
 * with the real pid and values, and in English again after switching back. Its own serve mode:
 * the refusal of "the lab itself" names this server's pid.
 */

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

/** Selects the row of `pid` in the process table, filtering by its pid (Chinese UI). */
async function select(page: Page, pid: number): Promise<void> {
  await page.getByPlaceholder('名称、PID 或用户').fill(String(pid));
  const row = page.locator(`[data-testid="process-table"] tbody tr[data-pid="${pid}"]`);
  await row.click();
  await expect(row).toHaveAttribute('aria-selected', 'true');
}

test.describe('serve mode: the lab’s own sentences in 简体中文', () => {
  const children: ChildProcess[] = [];
  let server: ServeMode | null = null;

  test.afterEach(async () => {
    await Promise.all(children.splice(0).map(reap));
    if (server !== null) await stopServeMode(server);
    server = null;
  });

  test('refusals and what a signal did are shown in Chinese, then in English', async ({ page }) => {
    requireMachine(test.skip, 'root', 'setpriv');
    const other = spawn(
      '/usr/bin/setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', 'sleep', '600'],
      { stdio: 'ignore' },
    );
    const mine = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(other, mine);
    const otherPid = other.pid ?? 0;
    const minePid = mine.pid ?? 0;
    await expect.poll(() => procState(otherPid)).toBe('S');
    await expect.poll(() => procState(minePid)).toBe('S');
    server = await startServeMode();
    const labPid = server.process.pid ?? 0;
    const errors = collectPageErrors(page);
    await page.goto(server.url);
    await page.getByRole('tab', { name: 'Processes' }).click();
    await expect(page.getByTestId('table-status')).toContainText('shown');
    await page.getByTestId('language').selectOption('zh-CN');
    const actions = page.getByTestId('process-actions');

    // Another user's process: refused, in Chinese, with its pid and its user.
    await select(page, otherPid);
    const refusal = actions.getByRole('alert');
    await expect(refusal).toHaveText(
      `PID ${otherPid} 属于 nobody；实验室只对自己用户的进程执行操作`,
    );
    expect(procState(otherPid)).toBe('S');

    // The lab itself: refused, naming this server's pid.
    await select(page, labPid);
    await expect(refusal).toContainText(`PID ${labPid}（`);
    await expect(refusal).toContainText('是实验室本身；结束自己算不上一堂课');
    await expect(refusal).not.toContainText('the lab itself');

    // A process of its own: SIGCONT is sent without asking; the lab says so in Chinese.
    await select(page, minePid);
    await expect(actions.getByRole('button', { name: /^发送信号/ })).toBeEnabled();
    // k opens the signal menu on Stop; the next item is Continue.
    await page.keyboard.press('k');
    await expect(page.getByRole('menuitem').first()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const status = page.getByTestId('action-status');
    await expect(status).toHaveText(
      `已向 sleep（PID ${minePid}）发送 SIGCONT：它现在的状态是 S（睡眠）。`,
    );

    // Back to English: the refusal is the lab's English sentence again.
    await page.getByTestId('language').selectOption('en');
    await page.getByPlaceholder('name, pid or user').fill(String(otherPid));
    await page.locator(`[data-testid="process-table"] tbody tr[data-pid="${otherPid}"]`).click();
    await expect(refusal).toHaveText(
      `PID ${otherPid} belongs to nobody; the lab acts only on its own user's processes`,
    );
    expect(errors).toEqual([]);
  });
});
