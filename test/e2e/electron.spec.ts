import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { ELECTRON_MISSING_REASON, findElectronBinary } from '../../src/cli/electron-binary';

const binary = findElectronBinary(join(process.cwd(), 'node_modules', 'electron'));

test.describe('the Electron window', () => {
  test.skip(binary === null, ELECTRON_MISSING_REASON);

  test('opens the hardened window with the live chart and no Node in the page', async () => {
    const app = await electron.launch({ executablePath: binary ?? '', args: ['.'] });
    try {
      const page = await app.firstWindow();
      await expect(page.getByTestId('core-chart')).toBeVisible();
      await expect
        .poll(async () => Number(await page.getByTestId('core-chart').getAttribute('data-samples')))
        .toBeGreaterThan(1);
      const exposed = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        labKeys: Object.keys((globalThis as unknown as { lab: object }).lab).sort(),
      }));
      expect(exposed).toEqual({
        require: 'undefined',
        process: 'undefined',
        labKeys: ['call', 'callResult', 'subscribe'],
      });
      // A refused field crosses IPC with its plain words, and the form marks the field.
      const interval = page.getByLabel('Interval (ms)');
      await interval.fill('50');
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect(interval).toHaveAttribute('aria-invalid', 'true');
      await expect(page.getByRole('alert')).toHaveText('Interval: at least 100 ms');
      // Navigation, new windows and permissions are refused by the main process.
      const before = page.url();
      const refused = await page.evaluate(async () => {
        const opened = window.open('https://example.com/');
        const permission = await Notification.requestPermission();
        location.href = 'https://example.com/';
        return { opened: opened === null, permission };
      });
      expect(refused).toEqual({ opened: true, permission: 'denied' });
      await page.waitForTimeout(500);
      expect(page.url()).toBe(before);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
