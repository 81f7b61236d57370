import type { Page } from '@playwright/test';
import {
  collectPageErrors,
  expect,
  startServeMode,
  stopServeMode,
  test,
  type ServeMode,
} from './serve-fixture';

const REASON = 'replaying a recording: go back to live to run experiments';

/** Runs a small sequential CPU experiment and returns its result row's run id and text. */
async function runExperiment(page: Page): Promise<{ runId: string; text: string }> {
  await page.getByRole('tab', { name: 'Experiments' }).click();
  const panel = page.getByTestId('experiments-panel');
  await panel.locator('select[name=workload]').selectOption('cpu');
  await panel.locator('select[name=model]').selectOption('node-sequential');
  await panel.locator('input[name=tasks]').fill('8');
  await panel.locator('input[name=cpuSize]').fill('20000');
  await panel.getByRole('button', { name: 'Start', exact: true }).click();
  const row = page.getByTestId('results-table').locator('tbody tr[data-run]');
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row.getByTestId('checksum-cell')).toHaveText('✓ verified');
  return {
    runId: (await row.getAttribute('data-run')) ?? '',
    text: (await row.innerText()).trim(),
  };
}

/** Runs a short unix-socket IPC run and returns its summary line. */
async function runIpc(page: Page): Promise<string> {
  await page.getByRole('tab', { name: 'IPC' }).click();
  const form = page.getByTestId('ipc-run-form');
  await form.locator('select[name=mechanism]').selectOption('unix-socket');
  await form.locator('select[name=mode]').selectOption('throughput');
  await form.locator('select[name=limit]').selectOption('duration');
  await form.locator('input[name=duration]').fill('500');
  await page.getByTestId('ipc-start').click();
  await expect(page.getByTestId('ipc-traffic')).toHaveAttribute('data-status', 'completed', {
    timeout: 20_000,
  });
  return (await page.getByTestId('ipc-run-summary').innerText()).trim();
}

/** Moves the replay to `ms` with the replay bar's position control (paused first). */
async function seek(page: Page, ms: number): Promise<void> {
  const pause = page.getByRole('button', { name: 'Pause replay' });
  if ((await pause.count()) > 0) await pause.click();
  await page.getByLabel('Replay position').fill(String(ms));
}

test('a recording replays whole: results, Python, disabled controls, and seeking keeps the tab', async ({
  page,
}) => {
  // A server of its own: the shared one keeps the results of earlier specs, and this test
  // counts the rows its recording holds.
  const serve: ServeMode = await startServeMode();
  try {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('button', { name: '● Record' }).click();
    await expect(page.getByTestId('recording-status')).toContainText('REC');
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const python = page.getByTestId('python-status');
    await expect(python).not.toContainText('Checking for Python');
    const livePython = (await python.locator('span').first().innerText()).trim();
    const experiment = await runExperiment(page);
    const ipcSummary = await runIpc(page);
    await page.getByRole('button', { name: '■ Stop recording' }).click();

    // The finished recording replays from its own button, without picking the file.
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await expect(page.getByText('REPLAY', { exact: true })).toBeVisible();
    await expect(page.getByTestId('replay-title')).toContainText('.ndjson');
    const end = Number(await page.getByLabel('Replay position').getAttribute('max'));
    expect(end).toBeGreaterThan(0);
    // At the end every result has been replayed.
    await seek(page, end);

    await page.getByRole('tab', { name: 'Experiments' }).click();
    const row = page.getByTestId('results-table').locator('tbody tr[data-run]');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-run', experiment.runId);
    expect((await row.innerText()).trim()).toBe(experiment.text);
    await expect(python.locator('span').first()).toHaveText(livePython);
    const panel = page.getByTestId('experiments-panel');
    await expect(panel.getByRole('button', { name: 'Start', exact: true })).toBeDisabled();
    await expect(panel.getByRole('button', { name: 'Use', exact: true })).toBeDisabled();
    await expect(panel.getByTestId('replay-disabled-reason')).toHaveText(REASON);

    await page.getByRole('tab', { name: 'IPC' }).click();
    const ipcTab = page.getByTestId('ipc-tab');
    await expect(page.getByTestId('ipc-run-summary')).toHaveText(ipcSummary);
    await expect(page.getByTestId('ipc-start')).toBeDisabled();
    await expect(page.getByTestId('compare-run')).toBeDisabled();
    await expect(page.getByTestId('race-run')).toBeDisabled();
    await expect(ipcTab.getByTestId('replay-disabled-reason')).toHaveText(REASON);

    // Seeking keeps the IPC tab; it shows what was recorded up to the new position.
    await seek(page, 0);
    await expect(page.getByTestId('replay-clock')).toHaveText(/^0:00 \//);
    await expect(page.getByRole('tab', { name: 'IPC' })).toHaveAttribute('aria-selected', 'true');
    await expect(ipcTab).toBeVisible();
    await expect(page.getByTestId('ipc-run-summary')).toHaveCount(0);
    await seek(page, end);
    await expect(page.getByRole('tab', { name: 'IPC' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('ipc-run-summary')).toHaveText(ipcSummary);
    await expect(page.getByTestId('ipc-start')).toBeDisabled();

    // The Experiments tab after seeking back to the start: no result yet, Python as recorded.
    await seek(page, 0);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    await expect(panel).toContainText('No runs yet');
    await expect(python.locator('span').first()).toHaveText(livePython);
    await seek(page, end);
    await expect(row).toHaveAttribute('data-run', experiment.runId);

    await page.getByRole('button', { name: 'Back to live' }).click();
    await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
    expect(errors).toEqual([]);
  } finally {
    await stopServeMode(serve);
  }
});
