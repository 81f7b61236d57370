import { requireMachine } from '../unit/support/machine';
import { collectPageErrors, expect, startServeMode, stopServeMode, test } from './serve-fixture';

test.describe('serve mode: the Event vs Condition lesson', () => {
  // Its own lab: its two runs must not show up in the results other specs count.
  let serve: Awaited<ReturnType<typeof startServeMode>>;
  test.beforeAll(async () => {
    serve = await startServeMode();
  });
  test.afterAll(async () => {
    await stopServeMode(serve);
  });

  test('runs both releases and says how far apart the threads left the wait', async ({ page }) => {
    requireMachine(test.skip, 'python');
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    const lesson = panel.getByTestId('lessons').getByTestId('lesson-python-event-vs-condition');
    await expect(lesson).toContainText('each must re-acquire the lock');
    await lesson.getByRole('button', { name: 'Python: Event vs Condition' }).click();
    const form = panel.getByTestId('experiment-form');
    await expect(form.locator('select[name=workload]')).toHaveValue('event');
    await expect(form.locator('select[name=model]')).toHaveValue('python-threads');
    await expect(form.locator('input[name=workers]')).toHaveValue('4');
    // The queue ends with the Condition run: its sentence carries the measured spread.
    const rows = page.getByTestId('results-table').locator('tbody tr');
    await expect(
      rows.filter({ hasText: 'Condition: wait, then notify_all (they leave one by one)' }),
    ).not.toHaveCount(0, { timeout: 90_000 });
    await expect(panel.getByTestId('latest-conclusion')).toContainText(
      /each had to re-acquire the lock: \d+ ms from the first to leave the wait to the last/,
      { timeout: 90_000 },
    );
    // The Event run's sentence (the row's tooltip) says they were released together.
    await expect(
      rows.locator('td[title*="set() released the waiting threads together"]'),
    ).not.toHaveCount(0);

    // The concept note sets the two measured spreads side by side, and its Show me leads back.
    const spread = /(\d+) ms from the first to leave the wait to the last/.exec(
      (await panel.getByTestId('latest-conclusion').textContent()) ?? '',
    )?.[1];
    await page.getByTestId('concept-notes-toggle').click();
    const notes = page.getByRole('complementary', { name: 'What am I seeing?' });
    const figure = notes.getByTestId('note-figure-eventCondition');
    await expect(figure).toHaveAttribute('data-measured', 'yes');
    await expect(figure).toContainText(`a Condition within ${spread} ms`);
    await notes
      .getByTestId('note-eventCondition')
      .getByRole('button', { name: /Show me/ })
      .click();
    await expect(lesson.getByRole('button').first()).toBeFocused();
    expect(errors).toEqual([]);
  });
});
