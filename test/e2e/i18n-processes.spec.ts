import { collectPageErrors, expect, test } from './serve-fixture';

test.describe('serve mode: the Processes tab and shared controls in 简体中文', () => {
  test('switching the language translates the table, thread panel, controls and field errors', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    const tab = page.getByTestId('processes-tab');
    const toolbar = tab.locator('.table-toolbar');
    // English first, so a later absence of these texts means they were translated.
    await expect(toolbar).toContainText('Tree view');
    await expect(page.getByTestId('table-status')).toContainText('shown of');

    await page.getByTestId('language').selectOption('zh-CN');
    // The table's toolbar, headers and status.
    await expect(toolbar).toContainText('树形视图');
    await expect(toolbar).not.toContainText('Tree view');
    await expect(page.getByPlaceholder('名称、PID 或用户')).toBeVisible();
    await expect(page.getByPlaceholder('name, pid or user')).toHaveCount(0);
    await expect(page.getByTestId('table-status')).toContainText('个进程');
    await expect(page.getByTestId('table-status')).not.toContainText('shown of');
    const table = page.getByTestId('process-table');
    await expect(table.getByRole('button', { name: /^命令/ })).toBeVisible();
    await expect(table.getByRole('button', { name: /^Command/ })).toHaveCount(0);
    // The system summary and the shared header controls.
    await expect(tab.getByRole('heading', { name: '系统' })).toBeVisible();
    await expect(page.getByTestId('system-summary')).toContainText('平均负载');
    await expect(page.getByTestId('system-summary')).not.toContainText('Load average');
    await expect(page.getByTestId('core-chart')).toContainText('每个核心的 CPU');
    await expect(page.getByTestId('core-chart')).not.toContainText('CPU per core');
    await expect(page.getByRole('button', { name: '暂停' })).toBeVisible();
    await expect(page.getByTestId('sampling-status')).toContainText('采样一次');

    // The thread panel of the lab's own server: legend and column headers.
    await page.getByPlaceholder('名称、PID 或用户').fill(String(serve.process.pid));
    await table.locator(`tbody tr[data-pid="${serve.process.pid}"]`).click();
    const legend = page.getByTestId('state-legend');
    await expect(legend).toContainText('就绪（等待 CPU）');
    await expect(legend).not.toContainText('ready (waiting for a CPU)');
    await expect(page.getByTestId('thread-panel').getByRole('columnheader')).toContainText([
      '状态条',
    ]);
    await expect(page.getByTestId('process-actions')).toContainText('设置 nice');
    await expect(page.getByRole('button', { name: /^发送信号/ })).toBeVisible();

    // A refused field says what is wrong in Chinese, next to the field.
    const interval = page.getByLabel('间隔（ms）');
    await interval.fill('1');
    await page.getByRole('button', { name: '应用' }).click();
    const fieldError = page.locator('.sampling-controls').getByTestId('field-error');
    await expect(fieldError).toHaveText('间隔：至少 100 ms');
    await expect(interval).toHaveAttribute('aria-invalid', 'true');

    // The shortcut list.
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: '键盘快捷键' });
    await expect(dialog).toContainText('暂停或继续采样');
    await expect(dialog).not.toContainText('Pause or resume sampling');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    // And back: the English texts return.
    await page.getByTestId('language').selectOption('en');
    await expect(toolbar).toContainText('Tree view');
    await expect(legend).toContainText('ready (waiting for a CPU)');
    await expect(fieldError).toHaveText('Interval: at least 100 ms');
    expect(errors).toEqual([]);
  });
});
