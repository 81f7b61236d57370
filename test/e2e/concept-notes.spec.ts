import { expect, test } from './serve-fixture';

test.describe('serve mode: concept notes and languages', () => {
  test('notes explain the open tab, show a figure this lab measured, and "Show me" opens it live', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'IPC' }).click();
    // Measure something first: the race demo's lost updates become the locks note's figure.
    const race = page.getByTestId('ipc-race');
    await race.locator('input[name=race-workers]').fill('2');
    await race.locator('input[name=race-iterations]').fill('1000000');
    await race.locator('input[name=race-window]').fill('20');
    await page.getByTestId('race-run').click();
    await expect(page.getByTestId('race-results')).toBeVisible({ timeout: 30_000 });
    const lostValues = await page
      .getByTestId('race-results')
      .locator('[data-lost]')
      .evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-lost'))));
    const worst = Math.max(...lostValues);

    await page.getByTestId('concept-notes-toggle').click();
    const notes = page.getByRole('complementary', { name: 'What am I seeing?' });
    await expect(notes).toBeVisible();
    // The IPC tab's notes come first, under "About this view".
    const here = notes.getByRole('region', { name: 'About this view' });
    await expect(here.getByTestId('note-locksRaces')).toBeVisible();
    await expect(here.getByTestId('note-gil')).toHaveCount(0);
    await expect(notes.getByTestId('note-figure-locksRaces')).toHaveAttribute(
      'data-measured',
      'yes',
    );
    await expect(notes.getByTestId('note-figure-locksRaces')).toContainText(
      `${worst.toLocaleString('en-US')} of`,
    );
    // Nothing measured yet for the GIL: the note says how to measure it instead of a number.
    await expect(notes.getByTestId('note-figure-gil')).toHaveAttribute('data-measured', 'no');

    // "Show me" on the GIL note opens the Experiments tab at that lesson, its button focused.
    await notes
      .getByTestId('note-gil')
      .getByRole('button', { name: /Show me/ })
      .click();
    await expect(page.getByRole('tab', { name: 'Experiments' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const lesson = page.getByTestId('lesson-python-gil');
    await expect(lesson).toBeInViewport();
    await expect(lesson.getByRole('button').first()).toBeFocused();

    await notes.getByTestId('concept-notes-close').click();
    await expect(notes).toHaveCount(0);
  });

  test('the UI switches to 简体中文 in the header, keeps the choice, and marks the page language', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await page.getByTestId('language').selectOption('zh-CN');
    await expect(page.getByRole('tab', { name: '进程', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await page.getByTestId('concept-notes-toggle').click();
    await expect(page.getByRole('complementary', { name: '我看到的是什么？' })).toBeVisible();
    await expect(page.getByTestId('note-gil')).toContainText('全局解释器锁');

    await page.reload();
    await expect(page.getByRole('tab', { name: '实验', exact: true })).toBeVisible();
    await page.getByTestId('language').selectOption('en');
    await expect(page.getByRole('tab', { name: 'Experiments', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test.describe('serve mode: a Chinese OS locale', () => {
  test.use({ locale: 'zh-CN' });

  test('a browser set to Chinese starts in 简体中文 without any choice made', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await expect(page.getByRole('tab', { name: '进程间通信', exact: true })).toBeVisible();
    await expect(page.getByTestId('language')).toHaveValue('zh-CN');
  });
});
