import { defineConfig } from '@playwright/test';
import { findChromium, QUIET_CHROMIUM_FLAGS } from './src/cli/chromium';

const chromium = findChromium();
if (chromium === null) {
  throw new Error('e2e tests need Chromium: apt-get install chromium (or set CHROMIUM_PATH)');
}

// e2e: Playwright drives the system's Chromium against serve mode (the built app).
export default defineConfig({
  testDir: 'test/e2e',
  // Its own $TMPDIR for the run; anything left in it, or still running, fails the run.
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env['CI'] ? 'list' : [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', ...QUIET_CHROMIUM_FLAGS],
    },
    trace: 'off',
  },
});
