import { collectPageErrors, expect, test } from './serve-fixture';

test.describe('serve mode: experiments', () => {
  test('a small CPU-bound run shows progress and a verified result', async ({ page, serve }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=workload]').selectOption('cpu');
    await panel.locator('select[name=model]').selectOption('node-worker-pool');
    await panel.locator('input[name=workers]').fill('2');
    await panel.locator('input[name=tasks]').fill('48');
    await panel.locator('input[name=cpuSize]').fill('200000');
    await panel.getByRole('button', { name: 'Start' }).click();

    // The sequential baseline runs first, then the pool: progress shows for the running one.
    await expect(page.getByTestId('run-progress')).toBeVisible();
    await expect(page.getByTestId('run-progress-bar')).toHaveAttribute('max', '48');

    const table = page.getByTestId('results-table');
    await expect(table.locator('tbody tr')).toHaveCount(2, { timeout: 45_000 });
    await expect(table.getByTestId('checksum-cell')).toHaveText(['✓ verified', '✓ verified']);
    // The lab's own cost, apart from other load; this browser is not serve mode's own window,
    // so the page's share is unknown, and said so rather than shown as 0.
    await expect(table.getByTestId('lab-cost-cell')).toHaveText([
      /^backend \d+\.\d+ · page unavailable$/,
      /^backend \d+\.\d+ · page unavailable$/,
    ]);
    await expect(table.locator('tbody tr').first()).toContainText('2 Node worker threads');
    await expect(page.getByTestId('latest-conclusion')).toContainText('2 Node worker threads kept');
    // Both runs of the batch are compared, with a sentence and bar charts.
    await expect(page.getByTestId('compare-conclusion')).toContainText('faster than');
    await expect(page.getByTestId('compare-cores').locator('.recharts-bar-rectangle')).toHaveCount(
      2,
    );
    // The CPU chart marks where each of the two runs started and stopped.
    const chart = page.getByTestId('core-chart');
    await expect(chart.locator('.run-marker.run-start')).toHaveCount(2);
    await expect(chart.locator('.run-marker.run-stop')).toHaveCount(2);
    expect(errors).toEqual([]);
  });

  test('invalid input is refused with a clear error', async ({ page, serve }) => {
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=model]').selectOption('node-worker-pool');
    await panel.locator('input[name=workers]').fill('300');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('experiment-error')).toHaveText('Workers: at most 256');
    await panel.locator('input[name=workers]').fill('2');
    await panel.locator('input[name=tasks]').fill('');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByTestId('experiment-error')).toContainText('Tasks: must be a number');
  });
});
