import { collectPageErrors, expect, test } from './serve-fixture';

/** Texts of the IPC tab and of recording/replay that must not stay English in 简体中文. */
const ENGLISH_IPC = [
  'IPC mechanisms',
  'Producer–consumer',
  'Race condition',
  'Compare all',
  'Start a run to see its traffic.',
];

test.describe('serve mode: the IPC tab and replay in 简体中文', () => {
  test('a run, a recording and its replay read in Chinese, and back in English after', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'IPC' }).click();
    await expect(page.getByRole('heading', { name: 'IPC mechanisms' })).toBeVisible();
    await page.getByTestId('language').selectOption('zh-CN');

    const ipcTab = page.getByTestId('ipc-tab');
    await expect(ipcTab.getByRole('heading', { name: 'IPC 机制' })).toBeVisible();
    await expect(ipcTab.getByRole('heading', { name: '生产者–消费者' })).toBeVisible();
    await expect(ipcTab.getByRole('heading', { name: '竞争条件' })).toBeVisible();
    await expect(page.getByTestId('compare-run')).toHaveText('全部比较');
    await expect(page.getByTestId('ipc-start')).toHaveText('开始');
    for (const english of ENGLISH_IPC) await expect(ipcTab.getByText(english)).toHaveCount(0);
    // Mechanism labels and their descriptions come from the texts too, not from shared English.
    const form = page.getByTestId('ipc-run-form');
    await expect(form.locator('select[name=mechanism] option[value=pipe]')).toHaveText('匿名管道');
    await form.locator('select[name=mechanism]').selectOption('signals');
    await expect(page.getByTestId('ipc-mechanism-info')).toContainText('不携带数据');
    await expect(page.getByTestId('ipc-mechanism-info')).not.toContainText('between');

    // Record a short run; its summary and counters read in Chinese.
    const recording = page.getByTestId('recording-controls');
    await recording.getByRole('button', { name: '● 录制' }).click();
    await expect(page.getByTestId('recording-status')).toContainText('录制中');
    await form.locator('select[name=mechanism]').selectOption('unix-socket');
    await form.locator('select[name=limit]').selectOption('duration');
    await form.locator('input[name=duration]').fill('500');
    await page.getByTestId('ipc-start').click();
    const traffic = page.getByTestId('ipc-traffic');
    await expect(traffic).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });
    const summary = page.getByTestId('ipc-run-summary');
    await expect(summary).toContainText('运行已完成');
    await expect(summary).toContainText('个进程');
    await expect(summary).not.toContainText('Run completed');
    await expect(page.getByTestId('ipc-correctness')).toContainText('完好接收');
    await expect(page.getByTestId('ipc-correctness')).not.toContainText('received intact');
    await recording.getByRole('button', { name: '■ 停止录制' }).click();

    // Its replay: the bar, and the reason the run controls are disabled, in Chinese.
    await recording.getByRole('button', { name: '回放', exact: true }).click();
    const bar = page.getByRole('region', { name: '回放' });
    await expect(bar).toBeVisible();
    await expect(bar.getByLabel('回放位置')).toBeVisible();
    await expect(bar.getByRole('button', { name: '回到实时' })).toBeVisible();
    await expect(page.getByTestId('replay-title')).toContainText('录制于');
    await expect(ipcTab.getByTestId('replay-disabled-reason')).toHaveText(
      '正在回放录制内容：回到实时数据后才能运行实验',
    );
    await expect(page.getByText('REPLAY', { exact: true })).toHaveCount(0);
    await expect(page.getByText('Back to live', { exact: true })).toHaveCount(0);
    await expect(page.getByText('replaying a recording')).toHaveCount(0);
    await expect(page.getByLabel('Replay position')).toHaveCount(0);
    await bar.getByRole('button', { name: '回到实时' }).click();
    await expect(bar).toHaveCount(0);

    // Back in English, the same places read as before.
    await page.getByTestId('language').selectOption('en');
    await expect(ipcTab.getByRole('heading', { name: 'IPC mechanisms' })).toBeVisible();
    await expect(page.getByTestId('ipc-run-summary')).toContainText('Run completed');
    await expect(recording.getByRole('button', { name: '● Record' })).toBeVisible();
    expect(errors).toEqual([]);
  });
});
