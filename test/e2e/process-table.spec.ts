import { axeViolations } from './axe-violations';
import { collectPageErrors, expect, test } from './serve-fixture';

test.describe('serve mode: the process table', () => {
  test('a tree row collapses and expands its subtree, by button and by ← / →', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Processes' }).click();
    const table = page.getByTestId('process-table');
    // This test worker started the server, so in tree view the server's row is a child of the
    // worker's row. The filter keeps the table short, so both rows are in the page.
    await page.getByPlaceholder('name, pid or user').fill('node');
    const parent = table.locator(`tbody tr[data-pid="${process.pid}"]`);
    const child = table.locator(`tbody tr[data-pid="${serve.process.pid}"]`);
    // The rows are in before the view changes (first-samples.spec.ts checks that the toolbar
    // stays put while the tab's first samples arrive).
    await expect(parent).toBeVisible();
    await page.getByLabel('Tree view').check();
    // The keyboard's cursor stays on a place, not a process (as htop's does); sorted by CPU, a
    // busy machine reorders the rows under it. Sorted by PID, the order holds.
    await table.getByRole('button', { name: /^PID/ }).click();
    await expect(table.getByRole('columnheader', { name: /^PID/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    await expect(parent).toBeVisible();
    await expect(child).toBeVisible();

    const collapse = parent.getByRole('button', { name: /^collapse / });
    await expect(collapse).toHaveAttribute('aria-expanded', 'true');
    await collapse.click();
    await expect(child).toHaveCount(0);
    const expand = parent.getByRole('button', { name: /^expand / });
    await expect(expand).toHaveAttribute('aria-expanded', 'false');
    // The toggles and the open column chooser add no accessibility violations.
    await page.getByRole('button', { name: 'Columns' }).click();
    expect(await axeViolations(page, 'process table', '.processes-tab')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('button', { name: 'Columns' })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await expect(parent).toBeVisible(); // the collapsed row itself stays
    await expand.click();
    await expect(child).toBeVisible();

    // The keyboard does the same on the focused row: ← collapses, → expands.
    await parent.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(child).toHaveCount(0);
    await expect(parent).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(child).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('the column chooser hides a column, and the choice survives a reload', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Processes' }).click();
    const table = page.getByTestId('process-table');
    const memoryHeader = table.getByRole('columnheader', { name: /^Memory/ });
    await expect(memoryHeader).toBeVisible();
    const headers = await table.getByRole('columnheader').count();

    const chooser = page.getByRole('button', { name: 'Columns' });
    await chooser.click();
    await expect(chooser).toHaveAttribute('aria-expanded', 'true');
    // PID and Name cannot be hidden: they are not offered.
    await expect(page.getByRole('checkbox', { name: 'PID' })).toHaveCount(0);
    await expect(page.getByRole('checkbox', { name: 'Name' })).toHaveCount(0);
    const memory = page.getByRole('checkbox', { name: 'Memory' });
    await expect(memory).toBeChecked();
    await memory.uncheck();
    await expect(memoryHeader).toHaveCount(0);
    await expect(table.getByRole('columnheader')).toHaveCount(headers - 1);
    // Rows lose the cell too: each row has as many cells as there are headers.
    const firstRow = table.locator('tbody tr[data-pid]').first();
    await expect(firstRow.locator('td')).toHaveCount(headers - 1);

    await page.reload();
    await page.getByRole('tab', { name: 'Processes' }).click();
    await expect(table.getByRole('columnheader', { name: /^PID/ })).toBeVisible();
    await expect(memoryHeader).toHaveCount(0);
    await page.getByRole('button', { name: 'Columns' }).click();
    await expect(memory).not.toBeChecked();
    await memory.check();
    await expect(memoryHeader).toBeVisible();
    expect(errors).toEqual([]);
  });
});
