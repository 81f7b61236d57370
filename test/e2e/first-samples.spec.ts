import { collectPageErrors, expect, test } from './serve-fixture';

/**
 * The Processes tab does not move under the pointer when its first samples arrive: the system
 * summary waits in the shape it will have, so the toolbar stays where it was drawn. (It used to
 * drop 24 px as the summary filled in, and a click on "Tree view" pressed on the box was
 * released beside it.)
 */
test.describe('serve mode: the first samples', () => {
  test('the table toolbar stays put while the system summary fills in', async ({ page, serve }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    // Paused before the tab first opens, the summary waits for as long as the test needs.
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('sampling-status')).toHaveText('paused');
    try {
      await page.getByRole('tab', { name: 'Processes' }).click();
      await expect(page.getByText('Waiting for the first system sample')).toBeVisible();
      const tree = page.getByLabel('Tree view');
      const before = await tree.boundingBox();

      await page.getByRole('button', { name: 'Resume' }).click();
      await expect(page.getByTestId('system-summary')).toContainText('cpu0');
      await expect(page.getByTestId('load-average')).not.toHaveText('…');
      expect(await tree.boundingBox()).toEqual(before);
    } finally {
      // The server is shared by this worker's tests: leave it sampling.
      const resume = page.getByRole('button', { name: 'Resume' });
      if (await resume.isVisible()) await resume.click();
    }
    expect(errors).toEqual([]);
  });
});
