import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { expectNeverMoved, trackTop } from './position-track';
import { collectPageErrors, expect, test } from './serve-fixture';

/**
 * The free-cores line above the lessons turns into a warning when the machine is busy, and back
 * when it is not. It keeps its place either way: a warning that appeared above the lessons (and
 * went again once the page's own start-up was over) moved their buttons from under the pointer,
 * and a click meant for one lesson missed.
 */
test.describe('serve mode: the free-cores line', () => {
  test('warns while every core is busy, and the lessons stay where they were drawn', async ({
    page,
    serve,
  }) => {
    const errors = collectPageErrors(page);
    // Read from the page's start, so the line's first state (waiting for samples) is seen too.
    await trackTop(page, '[data-testid^="lesson-"] button');
    await page.goto(serve.url);
    await page.getByRole('tab', { name: 'Experiments' }).click();
    const line = page.getByTestId('lessons-free-cores');
    await expect(line).toHaveAttribute('data-state', /^(ok|warning)$/);
    // A figure on a quiet machine, the warning on a busy one (a loaded CI machine starts busy).
    await expect(line).toHaveText(/^(Free cores now: \d|⚠ Only \d)/);

    // One busy loop per core: no core is free until they end.
    const burners: ChildProcess[] = cpus().map(() =>
      spawn('sh', ['-c', 'while :; do :; done'], { stdio: 'ignore' }),
    );
    try {
      await expect(line).toHaveAttribute('data-state', 'warning', { timeout: 15_000 });
      // Announced: the warning is in a live region (the plain figure is not).
      await expect(line.getByRole('status')).toContainText('the CPU-bound lessons need');
    } finally {
      for (const burner of burners) burner.kill('SIGKILL');
    }
    // The busy loops are counted for two more seconds; the line stays a line meanwhile.
    await page.waitForTimeout(500);

    await expectNeverMoved(page);
    expect(errors).toEqual([]);
  });
});
