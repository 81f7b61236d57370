import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { contentSecurityPolicy } from '../../src/shared/csp';
import { collectPageErrors, expect, test, type ServeMode } from './serve-fixture';

/** Reads the chart's count of received samples. */
async function samplesReceived(page: Page): Promise<number> {
  return Number(await page.getByTestId('core-chart').getAttribute('data-samples'));
}

test.describe('serve mode: the live CPU chart', () => {
  test('loads without console errors and shows one series per logical core', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await expect(page.getByTestId('logical-cores')).toContainText(`${cpus().length} logical`);
    await expect(page.getByTestId('machine-memory')).toHaveText(/\d+(\.\d+)? [KMGT]iB$/);
    // The short figures show whole at the default window size ("24 GiB", not "24 …").
    for (const id of ['logical-cores', 'machine-memory']) {
      const cut = await page.getByTestId(id).evaluate((dd) => dd.scrollWidth > dd.clientWidth);
      expect(cut, `${id} is cut short`).toBe(false);
    }
    // The chart is drawn on a canvas; its legend and its text summary name every core.
    const chart = page.getByTestId('core-chart');
    await expect(chart.locator('canvas').first()).toBeVisible();
    await expect(chart.locator('svg')).toHaveCount(0);
    await expect(chart.locator('.core-series')).toHaveCount(cpus().length);
    await expect(chart.locator('.total')).toHaveCount(1);
    await expect(page.getByTestId('core-value')).toHaveCount(cpus().length);
    await expect(page.getByTestId('total-value')).toHaveText(/^\d+ %$/);
    await expect(page.getByTestId('core-chart-canvas')).toHaveAttribute(
      'aria-label',
      new RegExp(`cpu${cpus().length - 1} \\d+ %`),
    );
    await expect.poll(() => samplesReceived(page)).toBeGreaterThan(2);
    expect(errors).toEqual([]);

    const screenshotPath = process.env['LAB_SCREENSHOT'];
    if (screenshotPath) {
      await page.waitForTimeout(4000); // let a few seconds of history accumulate for the picture
      await mkdir(dirname(screenshotPath), { recursive: true });
      await page.screenshot({ path: screenshotPath });
    }
  });

  test('values move; pause stops them and resume restarts them', async ({ page, serve }) => {
    await page.goto(serve.url);
    await page.getByLabel('Interval (ms)').fill('200');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('sampling-status')).toHaveText('sampling every 200 ms');

    // The lines move: the canvas's pixels change as new samples scroll in.
    const canvas = page.getByTestId('core-chart-canvas').locator('canvas').first();
    const pixels = (): Promise<string> =>
      canvas.evaluate((element) => (element as HTMLCanvasElement).toDataURL());
    const firstPoints = await pixels();
    await expect.poll(pixels).not.toBe(firstPoints);

    await page.getByRole('button', { name: 'Pause' }).click();
    await expect(page.getByTestId('sampling-status')).toHaveText('paused');
    const atPause = await samplesReceived(page);
    // No sample may arrive while paused: wait several intervals' worth and compare.
    await page.waitForTimeout(1500);
    expect(await samplesReceived(page)).toBe(atPause);

    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(page.getByTestId('sampling-status')).toHaveText('sampling every 200 ms');
    await expect.poll(() => samplesReceived(page)).toBeGreaterThan(atPause + 1);
  });

  test('an interval typed before the lab answers is kept, not overwritten', async ({
    page,
    serve,
  }) => {
    // Hold back the lab's answer to the page's first sampling:get-state until the user typed.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let markDelivered: () => void = () => undefined;
    const delivered = new Promise<void>((resolve) => (markDelivered = resolve));
    await page.routeWebSocket(/\/ws\?/, (ws) => {
      const server = ws.connectToServer();
      let heldId: number | null = null;
      ws.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { id?: number; channel?: string };
        if (frame.channel === 'sampling:get-state' && heldId === null) heldId = frame.id ?? null;
        server.send(message);
      });
      server.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { type?: string; id?: number };
        if (frame.type === 'result' && frame.id === heldId) {
          void released.then(() => {
            ws.send(message);
            markDelivered();
          });
        } else ws.send(message);
      });
    });
    await page.goto(serve.url);
    const field = page.getByLabel('Interval (ms)');
    await field.fill('300');
    release();
    await delivered;
    await expect(page.getByRole('button', { name: 'Pause' })).toBeEnabled();
    await expect(field).toHaveValue('300');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByTestId('sampling-status')).toHaveText('sampling every 300 ms');
  });

  test('an out-of-range interval is refused with a clear error shown in the UI', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await expect(page.getByTestId('sampling-status')).toContainText('sampling every');
    const before = await page.getByTestId('sampling-status').textContent();
    await page.getByLabel('Interval (ms)').fill('50');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('alert')).toHaveText('Interval: at least 100 ms');
    await expect(page.getByTestId('sampling-status')).toHaveText(before ?? '');

    await page.getByLabel('Interval (ms)').fill('60000');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('alert')).toHaveText('Interval: at most 10 s');
  });
});

/** The part of the browser's WebSocket the cross-origin test uses. */
interface PageSocket {
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  close(): void;
}

/** Tries a WebSocket handshake; resolves to the HTTP status it was refused with, or 101. */
function handshake(
  serve: ServeMode,
  options: { token?: string; origin?: string },
): Promise<number> {
  const query = options.token === undefined ? '' : `?token=${encodeURIComponent(options.token)}`;
  const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/ws${query}`, {
    headers: options.origin === undefined ? {} : { Origin: options.origin },
  });
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

test.describe('serve mode: the page is locked down', () => {
  test('carries the CSP as a header and a meta tag, and inline script does not run', async ({
    page,
    serve,
  }) => {
    const response = await page.goto(serve.url);
    expect(response?.headers()['content-security-policy']).toBe(contentSecurityPolicy('header'));
    const meta = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content');
    expect(meta).toBe(contentSecurityPolicy('meta'));
    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) =>
            resolve(`blocked ${event.violatedDirective}`),
          );
          const script = document.createElement('script');
          script.textContent = 'document.title = "inline ran"';
          document.body.append(script);
          setTimeout(() => resolve(document.title), 1000);
        }),
    );
    expect(outcome).toBe('blocked script-src-elem');
  });
});

test.describe('serve mode: who may connect', () => {
  test('the right token and our own Origin are accepted', async ({ serve }) => {
    expect(await handshake(serve, { token: serve.token, origin: serve.origin })).toBe(101);
  });

  test('a wrong or missing token is refused', async ({ serve }) => {
    expect(await handshake(serve, { token: 'not-the-token', origin: serve.origin })).toBe(401);
    expect(await handshake(serve, { origin: serve.origin })).toBe(401);
  });

  test('a foreign or missing Origin is refused, even with the token', async ({ serve }) => {
    expect(await handshake(serve, { token: serve.token, origin: 'http://evil.example' })).toBe(403);
    expect(await handshake(serve, { token: serve.token })).toBe(403);
  });

  test('a page on another origin cannot open the WebSocket, our own page can', async ({
    page,
    serve,
  }) => {
    const foreign = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<!doctype html><title>foreign</title>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`;
    const socketUrl = `ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`;
    const tryOpen = (url: string): Promise<string> =>
      new Promise((resolve) => {
        // Runs in the page: its own WebSocket, not the 'ws' package imported above.
        const PageSocket = (globalThis as unknown as { WebSocket: new (url: string) => PageSocket })
          .WebSocket;
        const socket = new PageSocket(url);
        socket.onopen = () => {
          socket.close();
          resolve('open');
        };
        socket.onerror = () => resolve('refused');
      });
    try {
      await page.goto(foreignUrl);
      expect(await page.evaluate(tryOpen, socketUrl)).toBe('refused');
      await page.goto(serve.url);
      expect(await page.evaluate(tryOpen, socketUrl)).toBe('open');
    } finally {
      foreign.close();
    }
  });
});
