import type { Page } from '@playwright/test';
import { expectNeverMoved, trackTop } from './position-track';
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
    // The system samples are held back until the toolbar has been measured, as on a slow first
    // tick. (Pausing after the page loaded raced the first sample: under load it came first.)
    let holding = true;
    await page.routeWebSocket(/\/ws/, (socket) => {
      const server = socket.connectToServer();
      server.onMessage((message) => {
        if (!(holding && String(message).includes('"stream":"sample:system"'))) {
          socket.send(message);
        }
      });
    });
    await page.goto(serve.url);
    await expect(page.getByTestId('sampling-status')).toContainText('sampling every');
    await page.getByRole('tab', { name: 'Processes' }).click();
    await expect(page.getByText('Waiting for the first system sample')).toBeVisible();
    const tree = page.getByLabel('Tree view');
    const before = await tree.boundingBox();

    holding = false;
    await expect(page.getByTestId('system-summary')).toContainText('cpu0');
    await expect(page.getByTestId('load-average')).not.toHaveText('…');
    expect(await tree.boundingBox()).toEqual(before);
    expect(errors).toEqual([]);
  });

  // Widths where the header wraps differently: its values arriving must not change where.
  for (const width of [1280, 1240, 1100, 900]) {
    test(`the tabs are drawn where they stay while the header, machine and chart fill in (${width} px)`, async ({
      page,
      serve,
    }) => {
      await page.setViewportSize({ width, height: 860 });
      await tabsStayPut(page, serve.url);
    });
  }
});

/** Loads the page and checks the tab bar never moved between its first frame and full data. */
async function tabsStayPut(page: Page, url: string): Promise<void> {
  const errors = collectPageErrors(page);
  // From the page's first script on, the tab bar's top is read in every frame; a change is
  // what made a click on a tab land on the chart instead (the chart's canvas, the machine
  // line and the machine info each arrived after the first paint and pushed the tabs down).
  await trackTop(page, '[role=tablist]');
  await page.goto(url);
  await expect(page.getByTestId('machine-hostname')).not.toHaveText('…');
  await expect(page.getByTestId('watching')).toHaveAttribute('data-status', 'connected');
  await expect(page.getByTestId('total-value')).not.toHaveText('–');
  await expect(page.getByTestId('system-summary')).toContainText('cpu0');
  await expectNeverMoved(page);
  expect(errors).toEqual([]);
}
