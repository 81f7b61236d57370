import type { Page } from '@playwright/test';
import { expect } from './serve-fixture';

/**
 * Reads where an element is drawn in every frame, from the page's first script on (call before
 * `page.goto`): a move between two frames is a move under the user's pointer, which a click aimed
 * at the element can miss. Then `expectNeverMoved` checks every reading is the same.
 */
export async function trackTop(page: Page, selector: string): Promise<void> {
  await page.addInitScript((watched: string) => {
    const tops: number[] = [];
    Object.assign(window, { trackedTops: tops });
    const read = (): void => {
      const element = document.querySelector(watched);
      if (element !== null) tops.push(element.getBoundingClientRect().top);
      requestAnimationFrame(read);
    };
    requestAnimationFrame(read);
  }, selector);
}

/** The element `trackTop` watches was drawn at least once, and always at the same height. */
export async function expectNeverMoved(page: Page): Promise<void> {
  const tops = await page.evaluate(
    () => (window as unknown as { trackedTops: number[] }).trackedTops,
  );
  expect(tops.length).toBeGreaterThan(0);
  expect(new Set(tops)).toEqual(new Set([tops[0]]));
}
