import type { Page } from '@playwright/test';
import {
  collectPageErrors,
  expect,
  startServeMode,
  stopServeMode,
  test,
  type ServeMode,
} from './serve-fixture';

test.describe('serve mode: the thread-count chart', () => {
  test('each panel has one titled y axis, and the cursor reads the relative time of the axis', async ({
    page,
  }) => {
    // A server of its own: the shared one still watches processes earlier specs started, and
    // their lines would come and go in the chart while it is read.
    const serve = await startServeMode();
    try {
      await readTheChart(page, serve);
    } finally {
      await stopServeMode(serve);
    }
  });
});

async function readTheChart(page: Page, serve: ServeMode): Promise<void> {
  const errors = collectPageErrors(page);
  const pid = serve.process.pid;
  await page.goto(serve.url);
  await page.getByRole('tab', { name: 'Processes' }).click();
  // Watch the lab's own server: a real process whose thread count the chart plots.
  await page.getByLabel('Table every').selectOption('250');
  await page.getByPlaceholder('name, pid or user').fill(String(pid));
  await page.locator(`[data-testid="process-table"] tbody tr[data-pid="${pid}"]`).click();
  await expect(page.getByTestId('thread-panel')).toHaveAttribute('data-pid', String(pid), {
    timeout: 20_000,
  });

  // Small multiples: the machine and the watched processes, one canvas and one y axis each,
  // and every y axis titled with what it counts.
  const chart = page.getByTestId('thread-count-chart');
  const panels = chart.getByTestId('thread-count-panel');
  await expect(panels).toHaveCount(2, { timeout: 20_000 });
  for (const panel of await panels.all()) {
    await expect(panel.locator('canvas')).toHaveCount(1);
    await expect(panel).toHaveAttribute('data-y-axes', '1');
    await expect(panel.getByTestId('y-axis-title')).toBeVisible();
  }
  await expect(panels.getByTestId('y-axis-title')).toHaveText([
    'threads, whole machine',
    'threads per process',
  ]);

  // Pointing at a panel reads out that instant as seconds before the newest sample, in the
  // axis's own format ("-3.5 s"), with each line's value there.
  const readout = chart.getByTestId('thread-count-cursor');
  await expect(chart.getByTestId('thread-count-total')).toHaveText(/\d/);
  for (const index of [1, 0]) {
    const over = panels.nth(index).locator('.u-over');
    // Found and moved to again on every try: a chart rebuilt meanwhile (a new line) forgets the
    // cursor, and the page may have laid the panel out elsewhere since the last try.
    let step = 0;
    await expect
      .poll(async () => {
        step = (step + 1) % 5;
        await over.scrollIntoViewIfNeeded();
        const box = await over.boundingBox();
        if (box === null) return 'the chart has no plot area';
        await page.mouse.move(box.x + box.width * (0.4 + step / 50), box.y + box.height / 2);
        return readout.textContent();
      })
      .toMatch(new RegExp(`^At (-\\d+(\\.\\d)?|0) s: whole machine \\d+, .*\\(${pid}\\) \\d+`));
  }
  // Leaving the chart puts the hint back.
  await page.mouse.move(0, 0);
  await expect(readout).toHaveText('Point at a chart to read its values.');
  expect(errors).toEqual([]);
}
