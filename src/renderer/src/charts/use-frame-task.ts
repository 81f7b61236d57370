import { useCallback, useEffect, useRef, useState } from 'react';
import { useTabVisible } from '../hooks/tab-visibility';
import { subscribeTheme } from '../theme/theme-store';
import type { FrameTask } from './frame-loop';
import { frameLoop } from './page-frame-loop';

/**
 * Registers `draw` with the page's frame loop while mounted; returns `invalidate`, which asks
 * for one draw in the next frame where the view's tab is shown and the document visible. A
 * theme change asks for one too: every canvas reads its colours when it draws. `withTable`: see
 * FrameLoop.add (figures drawn with the process table's frames).
 */
export function useFrameTask(
  draw: () => void,
  minIntervalMs = 0,
  lingerMs = 0,
  withTable = false,
): () => void {
  const visible = useTabVisible();
  const latest = useRef(draw);
  const task = useRef<FrameTask | null>(null);
  useEffect(() => {
    latest.current = draw;
  });
  useEffect(() => {
    const created = frameLoop().add(() => latest.current(), { minIntervalMs, lingerMs, withTable });
    task.current = created;
    created.invalidate(); // the first draw, once mounted
    return () => {
      created.dispose();
      task.current = null;
    };
  }, [minIntervalMs, lingerMs, withTable]);
  useEffect(() => task.current?.setVisible(visible), [visible, minIntervalMs]);
  useEffect(() => subscribeTheme(() => task.current?.invalidate()), []);
  return useCallback(() => task.current?.invalidate(), []);
}

/**
 * React state computed by `read` at most once per frame (and at most every `minIntervalMs`),
 * only while visible: what a legend or a table shows, without a render per stream message.
 */
export function useFrameState<T>(
  read: () => T,
  minIntervalMs = 0,
  lingerMs = 0,
  withTable = false,
): [T, () => void] {
  const [value, setValue] = useState<T>(read);
  const invalidate = useFrameTask(() => setValue(read()), minIntervalMs, lingerMs, withTable);
  return [value, invalidate];
}

/** How often figures beside the live charts change when no table frame takes them along. */
export const FIGURES_INTERVAL_MS = 1000;

/**
 * Figures beside the live charts (legends, the system summary): React state read in the frames
 * where the process table draws, and at most once per `FIGURES_INTERVAL_MS` when no table does.
 * Lines move with every sample; the numbers one reads change once a second, as in top or htop.
 */
export function useFigureState<T>(read: () => T): [T, () => void] {
  return useFrameState(read, FIGURES_INTERVAL_MS, 0, true);
}

/** How long table-clock views may wait to join the CPU chart's frame (see frame-loop.ts). */
export { TABLE_LINGER_MS } from './frame-loop';

/** How often a running IPC job's or experiment run's legends re-render, at most. */
export const LEGEND_INTERVAL_MS = 250;
