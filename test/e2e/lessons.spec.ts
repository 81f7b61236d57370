import { collectPageErrors, expect, test } from './serve-fixture';

test.describe('serve mode: lessons in plain sight', () => {
  test('lessons show their text, a preset fills the form, results name workload and size', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    const lessons = panel.getByTestId('lessons');
    await expect(lessons.getByRole('heading', { name: 'Lessons' })).toBeVisible();
    // Each lesson's sentence is text on the page, not only a tooltip.
    await expect(lessons.getByTestId('lesson-python-gil')).toContainText(
      'Python threads keep about one core busy on CPU work (the GIL)',
    );
    const contrast = lessons.getByTestId('lesson-cpu-vs-io');
    await expect(contrast).toContainText('The same four models on both kinds of work');
    await expect(contrast).toContainText('CPU-bound (count primes), 32 tasks × 100,000 numbers');
    await expect(contrast).toContainText('I/O-bound: timer waits, 32 tasks × 20 ms wait');

    // The form starts at its defaults, then holds the values the picked preset runs.
    const form = panel.getByTestId('experiment-form');
    await expect(form.locator('input[name=cpuSize]')).toHaveValue('50000');
    await contrast.getByRole('button', { name: 'CPU-bound vs I/O-bound' }).click();
    await expect(form.locator('select[name=workload]')).toHaveValue('cpu');
    await expect(form.locator('select[name=model]')).toHaveValue('node-worker-pool');
    await expect(form.locator('input[name=tasks]')).toHaveValue('32');
    await expect(form.locator('input[name=cpuSize]')).toHaveValue('100000');
    await expect(form.locator('input[name=workers]')).toHaveValue(/^[1-9]\d*$/);

    // The first run (sequential, CPU-bound) ends with its readable workload and its size.
    const row = page.getByTestId('results-table').locator('tbody tr').first();
    await expect(row.getByTestId('workload-cell')).toHaveText(
      'CPU-bound (count primes) · 32 tasks × 100,000 numbers',
      { timeout: 45_000 },
    );
    // The rest of the queue is not needed: Stop ends it.
    await panel.getByRole('button', { name: 'Stop' }).click();
    await expect(panel.getByRole('button', { name: 'Stop' })).toBeDisabled({ timeout: 20_000 });
    expect(errors).toEqual([]);
  });
});
