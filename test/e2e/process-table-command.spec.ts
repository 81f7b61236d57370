import { spawn, type ChildProcess } from 'node:child_process';
import type { Locator } from '@playwright/test';
import { collectPageErrors, expect, test } from './serve-fixture';

/** What a command cell holds and how it lays out, next to its column header's width. */
interface CommandCell {
  text: string;
  title: string;
  /** How far the text reaches past the cell's box, px: > 0 means it ends in an ellipsis. */
  spill: number;
  headerWidth: number;
}

async function readCell(cell: Locator): Promise<CommandCell> {
  return cell.evaluate((td) => {
    const header = td.closest('table')?.querySelector('thead th:last-child');
    return {
      text: td.textContent ?? '',
      title: td.getAttribute('title') ?? '',
      spill: td.scrollWidth - td.clientWidth,
      headerWidth: header?.getBoundingClientRect().width ?? 0,
    };
  });
}

/** The cell holds a prefix of its command, long enough to overflow the column at any glyph width. */
function expectCutPastTheColumn(cell: CommandCell): void {
  expect(cell.title.length).toBeGreaterThan(900);
  expect(cell.text.length).toBeLessThan(cell.title.length);
  expect(cell.title.startsWith(cell.text)).toBe(true);
  expect(cell.text.length).toBeGreaterThanOrEqual(cell.headerWidth / 2);
  expect(cell.spill).toBeGreaterThan(0);
}

test.describe('serve mode: long commands in the process table', () => {
  let sleeper: ChildProcess | null = null;
  test.afterEach(() => {
    sleeper?.kill('SIGKILL');
    sleeper = null;
  });

  test('a long command is held only as far as its column can show, and looks the same', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    // GNU sleep adds up its arguments: ~1,000 characters of command line, still 600 s.
    sleeper = spawn('sleep', ['600', ...Array.from({ length: 480 }, () => '0')], {
      stdio: 'ignore',
    });
    const pid = sleeper.pid as number;
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Processes' }).click();
    await page.getByPlaceholder('name, pid or user').fill(String(pid));
    const cell = page.locator(`.process-table tbody tr[data-pid="${pid}"] td.command`);
    await expect(cell).toBeVisible();

    const narrow = await readCell(cell);
    expectCutPastTheColumn(narrow);
    // A screen reader still hears the whole command.
    await expect(cell).toHaveAccessibleName(narrow.title);
    // The cut lies past the ellipsis: the cell is drawn exactly as with the whole command in it.
    // Live figures in other columns can resize this one between two shots, so a comparison
    // counts only when the cut cell looks the same before and after the whole command's shot.
    const hold = (text: string): Promise<void> =>
      cell.evaluate((td, held) => {
        (td.firstChild as Text).data = held;
      }, text);
    let compared = false;
    for (let attempt = 0; attempt < 5 && !compared; attempt += 1) {
      const cutShot = await cell.screenshot();
      await hold(narrow.title);
      expect((await readCell(cell)).text).toBe(narrow.title);
      const wholeShot = await cell.screenshot();
      await hold(narrow.text);
      if (!(await cell.screenshot()).equals(cutShot)) continue; // the layout moved meanwhile
      expect(wholeShot.equals(cutShot)).toBe(true);
      compared = true;
    }
    expect(compared, 'a steady layout for two shots in five tries').toBe(true);

    // A wider window widens the column, and the cell holds more of the command.
    await page.setViewportSize({ width: 2200, height: 860 });
    await expect
      .poll(async () => (await readCell(cell)).headerWidth)
      .toBeGreaterThan(narrow.headerWidth + 500);
    await expect
      .poll(async () => (await readCell(cell)).text.length)
      .toBeGreaterThan(narrow.text.length);
    expectCutPastTheColumn(await readCell(cell));
    expect(errors).toEqual([]);
  });
});
