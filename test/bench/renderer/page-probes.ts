import type { CDPSession, Page } from '@playwright/test';
import { descendantsOf } from '../../../src/core/os/process-tree';
import { commandLineOf } from '../../unit/support/process-tree';
import { chromiumProcesses, cpuWindow } from './proc';

/**
 * What the renderer benchmark reads from inside the page: long tasks, frame intervals, element
 * count and the JS heap after GC, and which Chromium process runs the page. Page-side code is
 * passed as text: this file is type-checked without the DOM library.
 */

/**
 * Injected before the app's own scripts. Long tasks are observed passively all along. Frame
 * intervals come from a requestAnimationFrame loop that runs only when asked: the loop alone
 * makes an idle page draw 60 frames a second, which costs its renderer several % of a core,
 * so it must never run while the renderer's CPU is being measured.
 */
export const PROBE_SCRIPT = `(() => {
  const longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push([entry.startTime, entry.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  let frames = null;
  let last = 0;
  const tick = (time) => {
    if (frames === null) return;
    if (last > 0) frames.push(time - last);
    last = time;
    requestAnimationFrame(tick);
  };
  globalThis.__rendererBench = {
    longTasks,
    startFrames() { frames = []; last = 0; requestAnimationFrame(tick); },
    stopFrames() { const out = frames ?? []; frames = null; return out; },
  };
})();`;

/** The page's clock (performance.now()), ms. */
export async function pageNow(page: Page): Promise<number> {
  return page.evaluate<number>('performance.now()');
}

/** The number of elements in the page's document. */
export async function elementCount(page: Page): Promise<number> {
  return page.evaluate<number>("document.getElementsByTagName('*').length");
}

/** Long tasks that started between two page times: how many, the longest and their sum. */
export async function longTasksBetween(
  page: Page,
  fromMs: number,
  toMs: number,
): Promise<{ count: number; maxMs: number; totalMs: number }> {
  const tasks = await page.evaluate<[number, number][]>('globalThis.__rendererBench.longTasks');
  const inside = tasks.filter(([start]) => start >= fromMs && start < toMs);
  return {
    count: inside.length,
    maxMs: Math.max(0, ...inside.map(([, duration]) => duration)),
    totalMs: inside.reduce((sum, [, duration]) => sum + duration, 0),
  };
}

/** Starts the frame loop (see PROBE_SCRIPT). */
export async function startFrames(page: Page): Promise<void> {
  await page.evaluate('globalThis.__rendererBench.startFrames()');
}

/** Stops the frame loop; returns the intervals between frames, ms. */
export async function stopFrames(page: Page): Promise<number[]> {
  return page.evaluate<number[]>('globalThis.__rendererBench.stopFrames()');
}

/** The JS heap in use right after a full garbage collection, MB (10^6 bytes). */
export async function heapAfterGcMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage'); // a second pass frees what the first unlinked
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1e6;
}

/**
 * The pid of Chromium's browser process started by Playwright from this process: the one
 * driven over a pipe (--remote-debugging-pipe) that has no --type (its children all have one).
 */
export function browserPid(): number {
  const pid = descendantsOf(process.pid).find((candidate) => {
    const cmdline = commandLineOf(candidate);
    return cmdline.includes('--remote-debugging-pipe') && !cmdline.includes('--type=');
  });
  if (pid === undefined) throw new Error('cannot find the Chromium browser process under this one');
  return pid;
}

/**
 * The pid of the renderer process that runs `page`. Chromium may keep more than one renderer
 * (the first about:blank, a spare one); the page's is the one whose CPU time grows while the
 * page spins its main thread for 600 ms. On a loaded machine the spin gets less than its wall
 * time and another renderer may be busy for a moment, so the page's must use far more than
 * any other; a few tries ride out a busy moment.
 */
export async function pageRendererPid(
  browser: number,
  page: Page,
): Promise<{ pid: number; renderers: number }> {
  const renderers = chromiumProcesses(browser)
    .filter((process) => process.type === 'renderer')
    .map((process) => process.pid);
  const seen: string[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const window = cpuWindow(renderers);
    await page.evaluate(
      '(() => { const end = performance.now() + 600; while (performance.now() < end); })()',
    );
    const ranked = [...window.stop().cpuMs].sort((a, b) => b[1] - a[1]);
    const [pid, busyMs] = ranked[0] ?? [0, 0];
    if (busyMs >= 60 && busyMs >= 3 * (ranked[1]?.[1] ?? 0))
      return { pid, renderers: renderers.length };
    seen.push(ranked.map(([each, ms]) => `${each}: ${ms} ms`).join(', '));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`cannot tell the page's renderer apart (CPU per try: ${seen.join(' | ')})`);
}
