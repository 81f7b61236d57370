import { collectPageErrors, expect, test } from './serve-fixture';

/** How each shown cell of the process table lays out its text, by column. */
interface CellLayout {
  className: string;
  overflow: string;
  textOverflow: string;
  /** How far the cell's content reaches past its own box, px (0 when it fits). */
  spill: number;
}

test.describe('serve mode: process table cells', () => {
  test('figures fit their columns unclipped; names and commands still end in an ellipsis', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Processes' }).click();
    const table = page.getByTestId('process-table');
    await expect(table.locator('tbody tr[data-pid]').first()).toBeVisible();
    // A few table ticks, so CPU and switch figures are real numbers, not "…".
    await expect
      .poll(async () => Number(await page.getByTestId('processes-tab').getAttribute('data-ticks')))
      .toBeGreaterThan(3);
    for (const mode of ['100 % = one core', '% of the machine']) {
      await page.getByLabel(mode).check();
      const cells = await table.locator('tbody tr[data-pid] td').evaluateAll((tds) =>
        tds.map((td): CellLayout => {
          const style = getComputedStyle(td);
          return {
            className: td.className,
            overflow: style.overflowX,
            textOverflow: style.textOverflow,
            spill: Math.max(0, td.scrollWidth - td.clientWidth),
          };
        }),
      );
      const figures = cells.filter((cell) => /\b(num|state)\b/.test(cell.className));
      expect(figures.length).toBeGreaterThan(10);
      // Figures are not clip containers (a clip per cell costs every frame), and none needs one.
      expect(figures.filter((cell) => cell.overflow !== 'visible')).toEqual([]);
      expect(figures.filter((cell) => cell.spill > 0)).toEqual([]);
      // Text that can outgrow its column is still cut with an ellipsis.
      for (const name of ['name', 'command']) {
        const texts = cells.filter((cell) => cell.className.split(' ').includes(name));
        expect(texts.length).toBeGreaterThan(0);
        for (const cell of texts)
          expect([cell.overflow, cell.textOverflow]).toEqual(['hidden', 'ellipsis']);
      }
    }
    expect(errors).toEqual([]);
  });
});
