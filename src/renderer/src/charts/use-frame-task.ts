import { useCallback, useEffect, useRef, useState } from 'react';
import { useTabVisible } from '../hooks/tab-visibility';
import { subscribeTheme } from '../theme/theme-store';
import type { FrameTask, FrameTaskOptions } from './frame-loop';
import { frameLoop } from './page-frame-loop';

/**
 * Registers `draw` with the page's frame loop while mounted; returns `invalidate`, which asks
 * for one draw in the next frame where the view's tab is shown and the document visible. A
 * theme change asks for one too: every canvas reads its colours when it draws. The options
 * (throttle, linger, drawn with the table) are FrameLoop.add's.
 */
export function useFrameTask(draw: () => void, options: FrameTaskOptions = {}): () => void {
  const { minIntervalMs = 0, lingerMs = 0, withTable = false } = options;
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
  // Again when the task is made anew (its options changed): a new task starts out visible.
  useEffect(() => task.current?.setVisible(visible), [visible, minIntervalMs, lingerMs, withTable]);
  useEffect(() => subscribeTheme(() => task.current?.invalidate()), []);
  return useCallback(() => task.current?.invalidate(), []);
}

/**
 * React state computed by `read` at most once per frame (and at most every `minIntervalMs`),
 * only while visible: what a legend or a table shows, without a render per stream message.
 */
export function useFrameState<T>(read: () => T, options: FrameTaskOptions = {}): [T, () => void] {
  const [value, setValue] = useState<T>(read);
  const invalidate = useFrameTask(() => setValue(read()), options);
  return [value, invalidate];
}

/** How often figures beside the live charts change when no table frame takes them along. */
export const FIGURES_INTERVAL_MS = 1000;
const FIGURE_OPTIONS: FrameTaskOptions = { minIntervalMs: FIGURES_INTERVAL_MS, withTable: true };

/**
 * Figures beside the live charts (legends, the system summary): React state read in the frames
 * where the process table draws, and at most once per `FIGURES_INTERVAL_MS` when no table does.
 * Lines move with every sample; the numbers one reads change once a second, as in top or htop.
 */
export function useFigureState<T>(read: () => T): [T, () => void] {
  return useFrameState(read, FIGURE_OPTIONS);
}

/** How long table-clock views may wait to join the CPU chart's frame (see frame-loop.ts). */
export { TABLE_LINGER_MS } from './frame-loop';

/** How often a running IPC job's or experiment run's legends re-render, at most. */
export const LEGEND_INTERVAL_MS = 250;
