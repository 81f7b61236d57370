import { collectPageErrors, expect, test } from './serve-fixture';

test.describe('serve mode: the Experiments tab in 简体中文', () => {
  test('switching the language translates the form, lessons, results and conclusions', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    const lessons = page.getByTestId('lessons');
    // English first, so a later absence of these texts means they were translated.
    await expect(lessons.getByRole('heading', { name: 'Lessons' })).toBeVisible();
    await expect(panel).toContainText('Sequential baseline');
    await expect(panel.getByRole('heading', { name: 'Results' })).toBeVisible();
    // The fixture's server may keep runs of earlier tests: this test's run is the one added.
    const rows = page.getByTestId('results-table').locator('tbody tr[data-run]');
    const before = await rows.count();

    await page.getByTestId('language').selectOption('zh-CN');
    await expect(lessons.getByRole('heading', { name: '课程' })).toBeVisible();
    await expect(lessons.getByRole('heading', { name: 'Lessons' })).toHaveCount(0);
    await expect(page.getByTestId('lesson-python-gil').getByRole('button')).toHaveText(
      'Python 与 GIL',
    );
    await expect(lessons).not.toContainText('Python and the GIL');
    await expect(panel).toContainText('顺序执行基线');
    await expect(panel).not.toContainText('Sequential baseline');
    await expect(panel.getByRole('heading', { name: '结果' })).toBeVisible();
    await expect(panel.getByRole('heading', { name: 'Results' })).toHaveCount(0);
    await expect(panel.locator('select[name=model] option[value=node-worker-pool]')).toHaveText(
      'Node：工作线程池',
    );

    // A small run started in Chinese: its row, checksum and conclusion are in Chinese.
    await panel.locator('select[name=workload]').selectOption('cpu');
    await panel.locator('select[name=model]').selectOption('node-sequential');
    await panel.locator('input[name=tasks]').fill('4');
    await panel.locator('input[name=cpuSize]').fill('20000');
    await panel.getByRole('checkbox', { name: '顺序执行基线' }).uncheck();
    await panel.getByRole('button', { name: '开始' }).click();
    await expect(rows).toHaveCount(before + 1, { timeout: 45_000 });
    const row = rows.first(); // newest first
    await expect(row.getByTestId('checksum-cell')).toHaveText('✓ 已验证');
    await expect(row.getByTestId('workload-cell')).toContainText('4 个任务，每个 20,000 个数');
    const conclusion = page.getByTestId('latest-conclusion');
    await expect(conclusion).toContainText('「Node，单线程」占用了');
    await expect(conclusion).not.toContainText('kept');

    // And back: the lab's English sentence and texts return.
    await page.getByTestId('language').selectOption('en');
    await expect(conclusion).toContainText('Node, one thread kept');
    await expect(row.getByTestId('checksum-cell')).toHaveText('✓ verified');
    await expect(lessons.getByRole('heading', { name: 'Lessons' })).toBeVisible();
    expect(errors).toEqual([]);
  });
});
