import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { waitForServeUrl } from './serve-url';

/** A serve-mode server started from the built CLI for one test worker. */
export interface ServeMode {
  /** The page URL with its token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  process: ChildProcess;
}

/**
 * Starts `node out/main/cli.js serve` and waits for the URL it prints. Its per-user data
 * (recordings) goes to a throw-away folder, never the real home.
 */
export async function startServeMode(): Promise<ServeMode> {
  const dataHome = mkdtempSync(join(tmpdir(), 'lab-e2e-data-'));
  const child = spawn(
    process.execPath,
    [join(process.cwd(), 'out/main/cli.js'), 'serve', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, XDG_DATA_HOME: dataHome },
    },
  );
  child.once('exit', () => rmSync(dataHome, { recursive: true, force: true }));
  const url = await waitForServeUrl(child, 20_000);
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    process: child,
  };
}

/** Stops serve mode and waits until its process is gone. */
export async function stopServeMode(server: ServeMode): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}

/** Opens the page on the Experiments tab and replays the recording `file` there. */
export async function replayOnExperimentsTab(page: Page, url: string, file: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('tab', { name: 'Experiments' }).click();
  await page.getByLabel('Recording file').setInputFiles(file);
}

/** Collects console errors and uncaught page errors, so a test can assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Playwright test with a `serve` fixture: one serve-mode server per worker. */
export const test = base.extend<object, { serve: ServeMode }>({
  serve: [
    async ({}, use) => {
      const server = await startServeMode();
      await use(server);
      await stopServeMode(server);
    },
    { scope: 'worker' },
  ],
});

export { expect };
