import { useCallback, useEffect, useRef, useState } from 'react';
import { useTabVisible } from '../hooks/tab-visibility';
import { subscribeTheme } from '../theme/theme-store';
import type { FrameTask } from './frame-loop';
import { frameLoop } from './page-frame-loop';

/**
 * Registers `draw` with the page's frame loop while mounted; returns `invalidate`, which asks
 * for one draw in the next frame where the view's tab is shown and the document visible. A
 * theme change asks for one too: every canvas reads its colours when it draws.
 */
export function useFrameTask(draw: () => void, minIntervalMs = 0, lingerMs = 0): () => void {
  const visible = useTabVisible();
  const latest = useRef(draw);
  const task = useRef<FrameTask | null>(null);
  useEffect(() => {
    latest.current = draw;
  });
  useEffect(() => {
    const created = frameLoop().add(() => latest.current(), { minIntervalMs, lingerMs });
    task.current = created;
    created.invalidate(); // the first draw, once mounted
    return () => {
      created.dispose();
      task.current = null;
    };
  }, [minIntervalMs, lingerMs]);
  useEffect(() => task.current?.setVisible(visible), [visible, minIntervalMs]);
  useEffect(() => subscribeTheme(() => task.current?.invalidate()), []);
  return useCallback(() => task.current?.invalidate(), []);
}

/**
 * React state computed by `read` at most once per frame (and at most every `minIntervalMs`),
 * only while visible: what a legend or a table shows, without a render per stream message.
 */
export function useFrameState<T>(read: () => T, minIntervalMs = 0, lingerMs = 0): [T, () => void] {
  const [value, setValue] = useState<T>(read);
  const invalidate = useFrameTask(() => setValue(read()), minIntervalMs, lingerMs);
  return [value, invalidate];
}

/** How long table-clock views may wait to join the CPU chart's frame (see frame-loop.ts). */
export { TABLE_LINGER_MS } from './frame-loop';

/** How often legends and figures beside the live charts re-render, at most. */
export const LEGEND_INTERVAL_MS = 250;
