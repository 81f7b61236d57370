import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTabVisible } from '../hooks/tab-visibility';
import { subscribeTheme } from '../theme/theme-store';
import { CHART_LINGER_MS, type FrameTask, type FrameTaskOptions } from './frame-loop';
import { frameLoop } from './page-frame-loop';

/**
 * Registers `draw` with the page's frame loop while mounted; returns `invalidate`, which asks
 * for one draw in the next frame where the view's tab is shown and the document visible (a view
 * with `lingerMs` may wait for the CPU chart's frame). A theme change asks for one too: every
 * canvas reads its colours when it draws. The options (throttle, linger, drawn with the table)
 * are FrameLoop.add's.
 */
export function useFrameTask(draw: () => void, options: FrameTaskOptions = {}): () => void {
  return useTickedFrameTask(draw, options).tick;
}

/**
 * `useFrameTask` for a view that changes on a stream's clock and by the user's hand: `tick`
 * may linger for the CPU chart's frame (`options.lingerMs`), `redraw` (a resize, new props)
 * is drawn in the next frame.
 */
export function useTickedFrameTask(
  draw: () => void,
  options: FrameTaskOptions = {},
): { tick: () => void; redraw: () => void } {
  const { minIntervalMs = 0, lingerMs = 0, withTable = false, table = false } = options;
  const visible = useTabVisible();
  const latest = useRef(draw);
  const task = useRef<FrameTask | null>(null);
  useEffect(() => {
    latest.current = draw;
  });
  useEffect(() => {
    const created = frameLoop().add(() => latest.current(), {
      minIntervalMs,
      lingerMs,
      withTable,
      table,
    });
    task.current = created;
    created.invalidateNow(); // the first draw, once mounted
    return () => {
      created.dispose();
      task.current = null;
    };
  }, [minIntervalMs, lingerMs, withTable, table]);
  // Again when the task is made anew (its options changed): a new task starts out visible.
  useEffect(
    () => task.current?.setVisible(visible),
    [visible, minIntervalMs, lingerMs, withTable, table],
  );
  useEffect(() => subscribeTheme(() => task.current?.invalidateNow()), []);
  const tick = useCallback(() => task.current?.invalidate(), []);
  const redraw = useCallback(() => task.current?.invalidateNow(), []);
  return useMemo(() => ({ tick, redraw }), [tick, redraw]);
}

/**
 * React state computed by `read` at most once per frame (and at most every `minIntervalMs`),
 * only while visible: what a legend or a table shows, without a render per stream message.
 * Returns the value, `tick` (a stream's change: may linger) and `redraw` (the user's: does not).
 */
export function useFrameState<T>(
  read: () => T,
  options: FrameTaskOptions = {},
): [T, () => void, () => void] {
  const [value, setValue] = useState<T>(read);
  const { tick, redraw } = useTickedFrameTask(() => setValue(read()), options);
  return [value, tick, redraw];
}

/** What a store offers its views: a call after each change. */
export interface ChangeSource {
  subscribe(onChange: () => void): () => void;
}

/** `useFrameState` of what `store` holds: read again in a frame after each change it reports. */
export function useStoreState<T>(
  store: ChangeSource,
  read: () => T,
  options: FrameTaskOptions = {},
): [T, () => void, () => void] {
  const state = useFrameState(read, options);
  const tick = state[1];
  useEffect(() => store.subscribe(tick), [store, tick]);
  return state;
}

/** How often figures beside the live charts change when no table frame takes them along. */
export const FIGURES_INTERVAL_MS = 1000;

/**
 * Figures beside the live charts (legends, the system summary): React state read in the frames
 * where the process table draws, and at most once per `FIGURES_INTERVAL_MS` when no table does.
 * Lines move with every sample; the numbers one reads change once a second, as in top or htop.
 */
export const FIGURES: FrameTaskOptions = { minIntervalMs: FIGURES_INTERVAL_MS, withTable: true };

/**
 * The process table's views (rows, history cells, the thread panel): on the table's clock, drawn
 * in the CPU chart's frames, and the figures drawn with them (see FrameLoop.add).
 */
export const TABLE_VIEW: FrameTaskOptions = { lingerMs: CHART_LINGER_MS, table: true };

/** How often a running IPC job's or experiment run's legends re-render, at most. */
export const LEGEND_INTERVAL_MS = 250;

/**
 * The live views of a running experiment or IPC job (lanes, progress, traffic): on the run's
 * clock, drawn in the CPU chart's frames (see CHART_LINGER_MS). Only for what a stream changes:
 * a user's click must not wait for the chart.
 */
export const RUN_VIEW: FrameTaskOptions = { lingerMs: CHART_LINGER_MS };

/** A run's legends, progress text and traffic: RUN_VIEW, at most every LEGEND_INTERVAL_MS. */
export const RUN_LEGEND: FrameTaskOptions = { ...RUN_VIEW, minIntervalMs: LEGEND_INTERVAL_MS };
