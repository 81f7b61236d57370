import type { Locator, Page } from '@playwright/test';
import { collectPageErrors, expect, test } from './serve-fixture';

/** The test id of each tab's content. */
const CONTENT = { Processes: 'processes-tab', Experiments: 'experiments-panel', IPC: 'ipc-tab' };

/** Switches to a tab by clicking it, and waits until its content is shown. */
async function openTab(page: Page, name: keyof typeof CONTENT): Promise<Locator> {
  const tab = page.getByRole('tab', { name });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  const content = page.getByTestId(CONTENT[name]);
  await expect(content).toBeVisible();
  return content;
}

/** Counts DOM changes inside `panel` over `ms` (childList, attributes and text). */
function mutationsDuring(panel: Locator, ms: number): Promise<number> {
  return panel.evaluate(
    (element, wait) =>
      new Promise<number>((resolve) => {
        let count = 0;
        const observer = new MutationObserver((records) => (count += records.length));
        observer.observe(element, {
          subtree: true,
          childList: true,
          attributes: true,
          characterData: true,
        });
        setTimeout(() => {
          observer.disconnect();
          resolve(count);
        }, wait);
      }),
    ms,
  );
}

test.describe('serve mode: tabs keep their state', () => {
  test('forms, table settings and IPC results survive switching tabs', async ({ page, serve }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);

    // Processes: filter, sort, tree view and CPU % mode.
    const processes = await openTab(page, 'Processes');
    const table = page.getByTestId('process-table');
    await expect(table.locator(`tbody tr[data-pid="${serve.process.pid}"]`)).toHaveCount(1, {
      timeout: 20_000,
    });
    await page.getByPlaceholder('name, pid or user').fill('node');
    await page.getByLabel('Tree view').check();
    await table.getByRole('button', { name: /^PID/ }).click();
    await expect(table.locator('th[aria-sort="ascending"]')).toContainText('PID');
    await page.getByLabel('% of the machine').check();
    // Table ticks four times a second, so a hidden tab that kept drawing would show it quickly.
    await page.getByLabel('Table every').selectOption('250');

    // Experiments: the run form.
    const experiments = await openTab(page, 'Experiments');
    await experiments.locator('select[name=workload]').selectOption('mixed');
    await experiments.locator('select[name=model]').selectOption('node-process-pool');
    await experiments.locator('input[name=workers]').fill('3');
    await experiments.locator('input[name=tasks]').fill('77');

    // IPC: the run form, the race form, and a short run so there is a result.
    const ipc = await openTab(page, 'IPC');
    const form = page.getByTestId('ipc-run-form');
    await form.locator('select[name=mechanism]').selectOption('unix-socket');
    await form.locator('input[name=size]').fill('2048');
    await form.locator('select[name=limit]').selectOption('duration');
    await form.locator('input[name=duration]').fill('400');
    await ipc.locator('input[name=race-workers]').fill('3');
    await page.getByTestId('ipc-start').click();
    const traffic = page.getByTestId('ipc-traffic');
    await expect(traffic).toHaveAttribute('data-status', 'completed', { timeout: 20_000 });
    const sent = await page.getByTestId('ipc-sent').textContent();
    expect(Number((sent ?? '0').replace(/,/g, ''))).toBeGreaterThan(0);

    // Back to Processes: everything as it was.
    await openTab(page, 'Processes');
    await expect(page.getByPlaceholder('name, pid or user')).toHaveValue('node');
    await expect(page.getByLabel('Tree view')).toBeChecked();
    await expect(table.locator('th[aria-sort="ascending"]')).toContainText('PID');
    await expect(page.getByLabel('% of the machine')).toBeChecked();
    await expect(page.getByTestId('cpu-mode-label')).toContainText('% of the machine');
    await expect(table.locator(`tbody tr[data-pid="${serve.process.pid}"]`)).toHaveCount(1);

    await openTab(page, 'Experiments');
    await expect(experiments.locator('select[name=workload]')).toHaveValue('mixed');
    await expect(experiments.locator('select[name=model]')).toHaveValue('node-process-pool');
    await expect(experiments.locator('input[name=workers]')).toHaveValue('3');
    await expect(experiments.locator('input[name=tasks]')).toHaveValue('77');

    await openTab(page, 'IPC');
    await expect(form.locator('select[name=mechanism]')).toHaveValue('unix-socket');
    await expect(form.locator('input[name=size]')).toHaveValue('2048');
    await expect(form.locator('input[name=duration]')).toHaveValue('400');
    await expect(ipc.locator('input[name=race-workers]')).toHaveValue('3');
    await expect(traffic).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('ipc-sent')).toHaveText(sent ?? '');

    // A hidden tab does no rendering work: the Processes panel does not change while table
    // ticks keep arriving (the lab sends them to the page whatever tab is shown)...
    const ticks = async (): Promise<number> => Number(await processes.getAttribute('data-ticks'));
    const ticksBefore = await ticks();
    expect(await mutationsDuring(processes, 2_000)).toBe(0);
    // ...and catches up when shown again.
    await openTab(page, 'Processes');
    await expect.poll(ticks).toBeGreaterThan(ticksBefore);
    await page.getByLabel('Table every').selectOption('1000');
    expect(errors).toEqual([]);
  });

  test('the tabs are a tablist: arrow keys, Home and End move between them', async ({
    page,
    serve,
  }) => {
    await page.goto(serve.url);
    const tabs = page.getByRole('tablist').getByRole('tab');
    await expect(tabs).toHaveText(['Processes', 'Experiments', 'IPC']);
    // Each tab controls its panel, and each panel is labelled by its tab.
    for (const tab of await tabs.all()) {
      const panel = page.locator(`#${await tab.getAttribute('aria-controls')}`);
      await expect(panel).toHaveAttribute('role', 'tabpanel');
      await expect(panel).toHaveAttribute('aria-labelledby', (await tab.getAttribute('id')) ?? '');
    }
    const selected = page.getByRole('tab', { selected: true });
    await expect(selected).toHaveText('Processes');
    // Only the selected tab is in the Tab order.
    await expect(selected).toHaveAttribute('tabindex', '0');
    await expect(page.getByRole('tab', { name: 'IPC' })).toHaveAttribute('tabindex', '-1');

    await selected.focus();
    const steps: [string, string][] = [
      ['ArrowRight', 'Experiments'],
      ['ArrowRight', 'IPC'],
      ['ArrowRight', 'Processes'],
      ['ArrowLeft', 'IPC'],
      ['Home', 'Processes'],
      ['End', 'IPC'],
    ];
    for (const [key, name] of steps) {
      await page.keyboard.press(key);
      await expect(selected).toHaveText(name);
      await expect(page.getByRole('tab', { name })).toBeFocused();
      await expect(page.getByRole('tabpanel')).toHaveCount(1);
    }
    await expect(page.getByTestId('ipc-tab')).toBeVisible();
  });
});
