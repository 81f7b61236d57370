import { existsSync } from 'node:fs';
import { collectPageErrors, expect, test } from './serve-fixture';

const PYTHON = '/usr/bin/python3';

test.describe('serve mode: IPC lab', () => {
  test('runs a mechanism from the UI: live traffic, every message intact', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'IPC' }).click();
    const form = page.getByTestId('ipc-run-form');
    await form.locator('select[name=mechanism]').selectOption('unix-socket');
    await form.locator('select[name=mode]').selectOption('throughput');
    await form.locator('input[name=size]').fill('1024');
    await form.locator('select[name=limit]').selectOption('duration');
    await form.locator('input[name=duration]').fill('1500');
    await form.locator('input[name=rate]').fill('20000');
    await form.locator('select[name=placement]').selectOption('split-cores');
    await page.getByTestId('ipc-start').click();

    const traffic = page.getByTestId('ipc-traffic');
    // Live: traffic ticks arrive while the run goes on, with messages counted.
    await expect(traffic).toHaveAttribute('data-status', 'running');
    await expect
      .poll(async () => Number(await traffic.getAttribute('data-messages')))
      .toBeGreaterThan(0);
    await expect(traffic).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });
    expect(Number(await traffic.getAttribute('data-ticks'))).toBeGreaterThan(2);
    // The live traffic chart is drawn on a canvas, with its latest rates as text for readers.
    const trafficChart = page.getByTestId('ipc-traffic-chart');
    await expect(trafficChart.locator('canvas').first()).toBeVisible();
    await expect(trafficChart).toHaveAttribute('aria-label', /messages\/s/);
    await expect(page.getByTestId('ipc-lost')).toHaveText('0');
    await expect(page.getByTestId('ipc-corrupted')).toHaveText('0');
    await expect(page.getByTestId('ipc-duplicated')).toHaveText('0');
    const sent = await page.getByTestId('ipc-sent').textContent();
    await expect(page.getByTestId('ipc-received')).toHaveText(sent ?? '');
    expect(Number((sent ?? '0').replace(/,/g, ''))).toBeGreaterThan(0);
    await expect(page.getByTestId('ipc-tab')).toHaveAttribute('data-job', 'none');
    // The ends ran where the Cores field put them, and the result says which CPUs those were.
    await expect(page.getByTestId('ipc-run-summary')).toContainText(
      /receiver on CPU (\d+), sender on CPU (?!\1)\d+/,
    );
    expect(errors).toEqual([]);
  });

  test('a finished run is still shown after the page is reloaded: the lab keeps it', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'IPC' }).click();
    const form = page.getByTestId('ipc-run-form');
    await form.locator('select[name=mechanism]').selectOption('unix-socket');
    await form.locator('select[name=mode]').selectOption('throughput');
    await form.locator('select[name=limit]').selectOption('duration');
    await form.locator('input[name=duration]').fill('500');
    const traffic = page.getByTestId('ipc-traffic');
    // An earlier test's run may be shown as kept: this run must replace it, not be mistaken for it.
    const earlierRun = (await traffic.getAttribute('data-run-id')) ?? '';
    await page.getByTestId('ipc-start').click();
    await expect(traffic).not.toHaveAttribute('data-status', 'completed');
    await expect(traffic).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });
    expect(await traffic.getAttribute('data-run-id')).not.toBe(earlierRun);
    await expect(page.getByTestId('ipc-run-summary')).toContainText('Run completed');
    const summary = await page.getByTestId('ipc-run-summary').textContent();
    const sent = await page.getByTestId('ipc-sent').textContent();

    await page.reload();
    await page.getByRole('tab', { name: 'IPC' }).click();
    await expect(page.getByTestId('ipc-traffic')).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('ipc-run-summary')).toHaveText(summary ?? '');
    await expect(page.getByTestId('ipc-sent')).toHaveText(sent ?? '');
  });

  test('the race demo loses updates without synchronisation and none with Atomics', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'IPC' }).click();
    const race = page.getByTestId('ipc-race');
    await race.locator('input[name=race-workers]').fill('2');
    await race.locator('input[name=race-iterations]').fill('1000000');
    await race.locator('input[name=race-window]').fill('20');
    await page.getByTestId('race-run').click();
    await expect(page.getByTestId('race-results')).toBeVisible({ timeout: 30_000 });
    expect(Number(await page.getByTestId('race-plain').getAttribute('data-lost'))).toBeGreaterThan(
      0,
    );
    await expect(page.getByTestId('race-atomic')).toHaveAttribute('data-lost', '0');
    await expect(page.getByTestId('race-mutex')).toHaveAttribute('data-lost', '0');
  });

  test('the Python race rows appear beside the Node ones: lost updates, and none with the lock', async ({
    page,
    serve,
  }) => {
    test.skip(!existsSync(PYTHON), `no ${PYTHON} here (Debian package python3)`);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'IPC' }).click();
    const race = page.getByTestId('ipc-race');
    await race.locator('input[name=race-workers]').fill('2');
    await race.locator('input[name=race-iterations]').fill('100000');
    await expect(page.getByTestId('race-run')).toHaveText('Run Node and Python');
    await page.getByTestId('race-run').click();
    await expect(page.getByTestId('race-results')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('race-plain')).toContainText('Node');
    for (const mode of ['py-threads', 'py-threads-fast-switch', 'py-processes']) {
      const row = page.getByTestId(`race-${mode}`);
      await expect(row).toContainText(/Python 3\.\d+/);
      // Lost updates, whatever this interpreter loses (none is possible), are reported.
      expect(Number(await row.getAttribute('data-lost'))).toBeGreaterThanOrEqual(0);
    }
    await expect(page.getByTestId('race-py-processes-locked')).toHaveAttribute('data-lost', '0');
    await expect(page.getByTestId('race-py-processes-locked-lock-cost')).toContainText('×');
  });

  test('an invalid message size is refused with a clear error', async ({ page, serve }) => {
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'IPC' }).click();
    await page.getByTestId('ipc-run-form').locator('input[name=size]').fill('10');
    await page.getByTestId('ipc-start').click();
    await expect(page.getByTestId('ipc-error')).toContainText('Message size: at least 64 B');
    await expect(page.getByTestId('ipc-tab')).toHaveAttribute('data-job', 'none');
  });
});
