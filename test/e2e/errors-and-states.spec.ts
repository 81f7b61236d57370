import type { Locator, Page } from '@playwright/test';
import { axeViolations } from './axe-violations';
import { expect, startServeMode, stopServeMode, test } from './serve-fixture';

/** The text of the element a field's aria-describedby points at (its error). */
async function describedText(page: Page, field: Locator): Promise<string> {
  const id = await field.getAttribute('aria-describedby');
  expect(id, 'the refused field points at its error').not.toBeNull();
  return (await page.locator(`[id="${id ?? ''}"]`).textContent()) ?? '';
}

test.describe('refused fields are marked in plain words', () => {
  test('experiment, IPC and interval fields show their error next to them', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const panel = page.getByTestId('experiments-panel');
    await panel.locator('select[name=model]').selectOption('node-worker-pool');
    const workers = panel.locator('input[name=workers]');
    await workers.fill('300');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(workers).toHaveAttribute('aria-invalid', 'true');
    expect(await describedText(page, workers)).toBe('Workers: at most 256');
    // No internals: no channel name, no request path.
    await expect(panel).not.toContainText('runs.0');
    await expect(panel).not.toContainText('experiment:start');

    await workers.fill('2');
    const tasks = panel.locator('input[name=tasks]');
    await tasks.fill('0');
    await panel.getByRole('button', { name: 'Start' }).click();
    await expect(tasks).toHaveAttribute('aria-invalid', 'true');
    expect(await describedText(page, tasks)).toBe('Tasks: at least 1');
    // Only the refused field is marked.
    await expect(workers).not.toHaveAttribute('aria-invalid', 'true');

    await page.getByRole('tab', { name: 'IPC' }).click();
    const size = page.getByTestId('ipc-run-form').locator('input[name=size]');
    await size.fill('10');
    await page.getByTestId('ipc-start').click();
    await expect(size).toHaveAttribute('aria-invalid', 'true');
    expect(await describedText(page, size)).toBe('Message size: at least 64 B');

    const interval = page.getByLabel('Interval (ms)');
    await interval.fill('50');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(interval).toHaveAttribute('aria-invalid', 'true');
    expect(await describedText(page, interval)).toBe('Interval: at least 100 ms');
    await interval.fill('500');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('sampling-status')).toHaveText('sampling every 500 ms');
    await expect(interval).not.toHaveAttribute('aria-invalid', 'true');
  });
});

test.describe('connection states', () => {
  test('a refused token says so and stops retrying', async ({ page, serve }) => {
    let attempts = 0;
    page.on('websocket', () => (attempts += 1));
    await page.goto(serve.url.replace(/token=[^&]+/, 'token=not-the-token'));
    await expect(page.getByTestId('connection-banner')).toHaveText(
      "This page's link is not valid any more: open the URL that serve printed.",
    );
    await expect(page.locator('html')).toHaveAttribute('data-connection', 'refused');
    const seen = attempts;
    // Retrying with backoff would try again within a few seconds (250 ms, 500 ms, 1 s, …).
    await page.waitForTimeout(4_000);
    expect(seen).toBeGreaterThanOrEqual(1);
    expect(attempts).toBe(seen);
    await expect(page.getByTestId('connection-banner')).not.toContainText('reconnecting');
  });

  test('the data goes grey while the connection is lost, and back when it returns', async ({
    page,
    serve,
  }) => {
    // Every page WebSocket goes through here, so the test can cut one and let the next through.
    const pageSockets: { close: () => Promise<void> }[] = [];
    await page.routeWebSocket(/\/ws/, (socket) => {
      socket.connectToServer();
      pageSockets.push(socket);
    });
    await page.goto(serve.url);
    await expect(page.getByTestId('sampling-status')).toContainText('sampling every');
    await expect(page.locator('html')).not.toHaveAttribute('data-connection');
    await expect(page.locator('main')).toHaveCSS('opacity', '1');

    await pageSockets.at(-1)?.close();
    await expect(page.locator('html')).toHaveAttribute('data-connection', 'lost');
    await expect(page.getByTestId('connection-banner')).toContainText('stale');
    // The client reconnects (the route lets the new socket through) and the grey goes.
    await expect(page.locator('html')).not.toHaveAttribute('data-connection');
    await expect(page.getByTestId('connection-banner')).toHaveCount(0);
    await expect(page.locator('main')).toHaveCSS('opacity', '1');
    expect(pageSockets.length).toBeGreaterThanOrEqual(2);
  });

  test('stopping serve mode greys the charts and tables, and their last values stay readable', async ({
    page,
  }) => {
    // Its own server: stopping the shared one would break the tests after this one.
    const own = await startServeMode();
    try {
      await page.goto(own.url);
      await expect(page.getByTestId('table-status')).toContainText('shown of');
      await expect(page.getByTestId('total-value')).not.toHaveText('–');
      await stopServeMode(own);
      await expect(page.locator('html')).toHaveAttribute('data-connection', 'lost');
      await expect(page.getByTestId('connection-banner')).toContainText('reconnecting');
      const main = page.locator('main');
      await expect(main).toHaveCSS('filter', /grayscale/);
      // The charts fade; the text does not, so the stale figures can still be read (the whole
      // page at 45 % opacity put every label and value under WCAG's 4.5:1 contrast).
      const chart = page.getByTestId('core-chart-canvas').locator('canvas').first();
      await expect(chart).toHaveCSS('opacity', '0.45');
      await expect(main).toHaveCSS('opacity', '1');
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
        expect(await axeViolations(page, `lost, ${colorScheme}`, 'main')).toEqual([]);
      }
    } finally {
      await stopServeMode(own);
    }
  });

  test('the process table says it is loading until its first sample', async ({ page, serve }) => {
    // Hold back the table's samples and snapshot, as on a slow first tick.
    let holding = true;
    await page.routeWebSocket(/\/ws/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        if (!(holding && String(message).includes('"processes:snapshot"'))) server.send(message);
      });
      server.onMessage((message) => {
        if (!(holding && String(message).includes('"stream":"sample:processes"'))) {
          socket.send(message);
        }
      });
    });
    await page.goto(serve.url);
    await expect(page.getByTestId('sampling-status')).toContainText('sampling every');
    const status = page.getByTestId('table-status');
    await expect(status).toHaveText('Loading processes…');
    await expect(status).toHaveAttribute('role', 'status');
    await expect(status).not.toContainText('0 shown');
    holding = false;
    await expect(status).toContainText(/\d+ shown of \d+ processes/);
  });
});

test.describe('global shortcuts', () => {
  test('Space pauses and resumes sampling, but types in a field', async ({ page, serve }) => {
    await page.goto(serve.url);
    const status = page.getByTestId('sampling-status');
    await expect(status).toContainText('sampling every');
    const interval = page.getByLabel('Interval (ms)');
    await interval.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await expect(status).toContainText('sampling every');

    await page.locator('h1').click();
    await page.keyboard.press('Space');
    await expect(status).toHaveText('paused');
    await page.keyboard.press('Space');
    await expect(status).toContainText('sampling every');
  });

  test('? lists every shortcut in a dialog that keeps focus and closes on Esc', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await expect(page.getByTestId('sampling-status')).toContainText('sampling every');
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(dialog).toBeVisible();
    for (const key of ['Space', '?', '/', 'F9', 'k', 't', 'Enter', '↑', 'Esc']) {
      await expect(dialog.locator('kbd', { hasText: new RegExp(`^${literal(key)}$`) })).toHaveCount(
        1,
      );
    }
    // Focus stays in the dialog however often Tab is pressed.
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(
        true,
      );
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    // A ? typed into a field is text, not a shortcut.
    const filter = page.getByRole('searchbox').first();
    await filter.fill('');
    await filter.press('?');
    await expect(filter).toHaveValue('?');
    await expect(dialog).toBeHidden();
  });
});

/** A key as a literal in a RegExp. */
function literal(key: string): string {
  return key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
