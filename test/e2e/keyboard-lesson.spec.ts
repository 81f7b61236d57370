import type { Page } from '@playwright/test';
import { expect, startServeMode, stopServeMode, test } from './serve-fixture';

/** Presses Tab until `done` holds for the focused element; fails after `max` presses. */
async function tabUntil(
  page: Page,
  done: (element: Element | null) => boolean,
  max = 120,
): Promise<void> {
  for (let press = 0; press < max; press += 1) {
    if (await page.evaluate(done, await page.evaluateHandle(() => document.activeElement))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`focus never reached the target after ${max} Tab presses`);
}

test('a lesson is started and its run watched with the keyboard only', async ({ page }) => {
  test.setTimeout(120_000);
  // A server of its own: the shared one keeps earlier specs' results, and this test counts rows.
  const serve = await startServeMode();
  try {
    await watchLessonByKeyboard(page, serve.url);
  } finally {
    await stopServeMode(serve);
  }
});

async function watchLessonByKeyboard(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('core-chart')).toHaveAttribute('data-samples', /^[1-9]/);

  // Tab to the tab list, then the arrow key moves to Experiments (the tablist pattern).
  await tabUntil(page, (el) => el?.getAttribute('role') === 'tab');
  await page.keyboard.press('ArrowRight');
  const experiments = page.getByRole('tab', { name: 'Experiments', exact: true });
  await expect(experiments).toBeFocused();
  await expect(experiments).toHaveAttribute('aria-selected', 'true');

  // Tab to the lesson "Blocking the event loop" and start it with Enter.
  const lesson = page.getByTestId('lesson-blocking-event-loop').getByRole('button');
  await expect(lesson).toBeEnabled({ timeout: 15_000 });
  await tabUntil(
    page,
    (el) =>
      el?.tagName === 'BUTTON' && el.closest('[data-testid="lesson-blocking-event-loop"]') !== null,
  );
  await page.keyboard.press('Enter');

  // The run shows live, then its results; every run's checksum is verified.
  await expect(page.getByTestId('run-progress')).toBeVisible();
  const table = page.getByTestId('results-table');
  const rows = table.locator('tbody tr[data-run]').filter({ hasText: 'Node async' });
  await expect(rows).toHaveCount(3, { timeout: 90_000 });
  await expect(rows.getByTestId('checksum-cell')).toHaveText(Array(3).fill('✓ verified'));

  // Tab to the blocking run's lanes button, open it with Enter: its task lanes and loop delay.
  await tabUntil(
    page,
    (el) =>
      el?.tagName === 'BUTTON' &&
      (el.getAttribute('aria-label') ?? '').startsWith('show lanes of') &&
      (el.closest('tr')?.textContent ?? '').toLowerCase().includes('blocking sleep'),
    300,
  );
  await page.keyboard.press('Enter');
  const kept = table.getByTestId('result-lanes').first();
  await expect(kept.getByTestId('task-lanes')).toBeVisible();
  await expect(kept.getByTestId('loop-delay')).toHaveText(/loop delay p50 [\d.]+ ms · p99/);
}
