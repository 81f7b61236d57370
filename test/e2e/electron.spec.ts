import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { ELECTRON_MISSING_REASON, findElectronBinary } from '../../src/cli/electron-binary';

const binary = findElectronBinary(join(process.cwd(), 'node_modules', 'electron'));

test.describe('the Electron window', () => {
  test.skip(binary === null, ELECTRON_MISSING_REASON);

  test('opens the hardened window with the live chart and no Node in the page', async () => {
    const app = await electron.launch({ executablePath: binary ?? '', args: ['.'] });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('core-chart')).toBeVisible();
      await expect
        .poll(async () =>
          Number(await window.getByTestId('core-chart').getAttribute('data-samples')),
        )
        .toBeGreaterThan(1);
      const exposed = await window.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        labKeys: Object.keys((globalThis as unknown as { lab: object }).lab).sort(),
      }));
      expect(exposed).toEqual({
        require: 'undefined',
        process: 'undefined',
        labKeys: ['call', 'subscribe'],
      });
    } finally {
      await app.close();
    }
  });
});
