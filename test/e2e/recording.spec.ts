import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectPageErrors, expect, test } from './serve-fixture';

let dir: string;
let sessionFile: string;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lab-e2e-recording-'));
  sessionFile = join(dir, 'three-seconds.ndjson');
  // A real recording made by the headless CLI, replayed in the page below.
  execFileSync(
    process.execPath,
    ['out/main/cli.js', 'record', '--seconds', '3', '--interval', '100', '--out', sessionFile],
    {
      stdio: 'ignore',
    },
  );
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('recording from the header shows duration and size, then exports a trace', async ({
  page,
  serve,
}) => {
  await page.goto(serve.url);
  await page.getByRole('button', { name: '● Record' }).click();
  const status = page.getByTestId('recording-status');
  await expect(status).toContainText('REC 0:0');
  await expect(status).toContainText('KiB');
  await expect(status).not.toHaveText(/REC 0:00 · 0\.0 KiB/);
  await page.getByRole('button', { name: '■ Stop recording' }).click();
  await page.getByRole('button', { name: 'Perfetto trace' }).click();
  // The export's own status line (other views have status lines too, e.g. "Loading processes…").
  const saved = page.getByRole('status').filter({ hasText: /trace/ });
  await expect(saved).toContainText(/Saved \/.+\.trace\.json/);
  const path = /Saved (\S+\.trace\.json)/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
  expect(JSON.parse(readFileSync(path, 'utf8')).traceEvents.length).toBeGreaterThan(0);
});

test('a recording replays in the same views, marked as a replay, and live comes back', async ({
  page,
  serve,
}) => {
  const errors = collectPageErrors(page);
  await page.goto(serve.url);
  await page.getByLabel('Recording file').setInputFiles(sessionFile);
  await expect(page.getByText('REPLAY', { exact: true })).toBeVisible();
  await expect(page.getByTestId('replay-title')).toContainText('three-seconds.ndjson');
  // Live controls are gone: a replay never mixes with live sampling.
  await expect(page.getByLabel('Interval (ms)')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '● Record' })).toHaveCount(0);
  const chart = page.getByTestId('core-chart');
  await expect
    .poll(async () => Number(await chart.getAttribute('data-samples')))
    .toBeGreaterThan(5);

  // Seeking remounts the views with the minute before the new position.
  await page.getByRole('button', { name: 'Pause replay' }).click();
  await page.getByLabel('Replay position').fill('2000');
  await expect(page.getByTestId('replay-clock')).toHaveText(/^0:02 \/ 0:0[23]$/);
  await expect
    .poll(async () => Number(await chart.getAttribute('data-samples')))
    .toBeGreaterThan(10);

  // The process views replay too: the table is rebuilt at the replay position.
  await page.getByRole('tab', { name: 'Processes' }).click();
  await expect
    .poll(() => page.getByTestId('process-table').locator('tbody tr').count())
    .toBeGreaterThan(3);

  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(page.getByLabel('Interval (ms)')).toBeVisible();
  expect(errors).toEqual([]);
});

test('a damaged file is refused with its line and field, and the live view goes on', async ({
  page,
  serve,
}) => {
  const damaged = join(dir, 'damaged.ndjson');
  const [header] = readFileSync(sessionFile, 'utf8').split('\n');
  writeFileSync(damaged, `${header}\n{"t":1,"stream":"sample:cores","payload":[]}\n`);
  await page.goto(serve.url);
  await page.getByLabel('Recording file').setInputFiles(damaged);
  await expect(page.getByRole('alert')).toHaveText(
    'damaged.ndjson: line 2, field "payload": must be an object',
  );
  await expect(page.getByText('REPLAY', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Interval (ms)')).toBeVisible();
});

test('a file with a damaged payload shows its line and field and a way back to live data', async ({
  page,
  serve,
}) => {
  // The envelope is fine; the payload of line 3 is `{}`, which used to blank the whole page.
  const damaged = join(process.cwd(), 'test/fixtures/recordings/empty-payload.ndjson');
  await page.goto(serve.url);
  await page.getByLabel('Recording file').setInputFiles(sessionFile);
  await expect(page.getByText('REPLAY', { exact: true })).toBeVisible();
  await page.getByLabel('Recording file').setInputFiles(damaged);
  await expect(page.getByRole('alert')).toContainText(
    'empty-payload.ndjson: line 3, field "payload.time":',
  );
  expect(await page.locator('#root > *').count()).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Back to live data' }).click();
  await expect(page.getByText('REPLAY', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Interval (ms)')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('core-chart')).toBeVisible();
});
