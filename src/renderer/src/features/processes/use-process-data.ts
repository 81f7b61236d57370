import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ProcessTableState,
  type ProcessesSample,
  type ProcessRow,
  type ProcessSamplingState,
  type ThreadsSample,
} from '../../../../shared/sampling';
import { TABLE_VIEW, useFrameState, useStoreState } from '../../charts/use-frame-task';
import { useLab, useStream } from '../../hooks/lab';
import { SeriesStore } from '../../stores/series-store';
import { processHistory } from './process-history';

/** Thread samples the thread panel keeps: the state strip and core lane show this many ticks. */
export const THREAD_WINDOW = 60;

/** The live process table and its whole-table figures. */
export interface ProcessTableView {
  rows: ProcessRow[];
  totals: ProcessesSample['totals'] | null;
  logicalCores: number;
  /** CPU time the sampler spent on the last tick, ms. */
  costMs: number | null;
  /** Ticks received (for tests and the status line). */
  ticks: number;
}

/**
 * The whole process table, kept from `sample:processes` changes. It starts from a snapshot
 * and asks for a new one whenever ticks were missed; while replaying a recording (no calls)
 * it waits for the next whole-table tick instead.
 */
export function useProcessTable(): ProcessTableView {
  const lab = useLab();
  const [table] = useState(() => new ProcessTableState());
  const latest = useRef<{ sample: ProcessesSample | null; ticks: number }>({
    sample: null,
    ticks: 0,
  });
  const resyncing = useRef(false);
  // Ticks only update the table model; React sees it at most once per frame, while shown.
  const [view, invalidate] = useFrameState(() => viewOf(table, latest.current), TABLE_VIEW);

  const resync = useCallback(() => {
    if (resyncing.current) return;
    resyncing.current = true;
    lab
      .call('processes:snapshot', {})
      .then((snapshot) => {
        table.apply(snapshot);
        latest.current = { sample: snapshot, ticks: latest.current.ticks };
        invalidate();
      })
      .catch(() => {}) // replay: the recording's next whole-table tick fills the table
      .finally(() => (resyncing.current = false));
  }, [lab, table, invalidate]);

  useEffect(resync, [resync]);
  useStream('sample:processes', (sample) => {
    if (!table.apply(sample)) resync();
    else processHistory.record(sample.time, table.rows.values()); // the history column and box
    latest.current = { sample, ticks: latest.current.ticks + 1 };
    invalidate();
  });
  return view;
}

/** The table as React sees it: a new rows array, built once per published frame. */
function viewOf(
  table: ProcessTableState,
  latest: { sample: ProcessesSample | null; ticks: number },
): ProcessTableView {
  return {
    rows: [...table.rows.values()],
    totals: latest.sample?.totals ?? null,
    logicalCores: latest.sample?.logicalCores ?? 1,
    costMs: latest.sample?.costMs ?? null,
    ticks: latest.ticks,
  };
}

/**
 * The last THREAD_WINDOW thread samples, history from the lab first, then live ones. They go
 * to a bounded store; React gets the array at most once per frame, and only while shown.
 */
export function useThreadHistory(): ThreadsSample[] {
  const lab = useLab();
  const [store] = useState(() => new SeriesStore<ThreadsSample>(THREAD_WINDOW));
  const [samples] = useStoreState(store, () => [...store.items()], TABLE_VIEW);

  useEffect(() => {
    let live = true;
    lab
      .call('processes:history', {})
      .then((history) => {
        if (!live || store.size > 0) return;
        for (const sample of history.threads.slice(-THREAD_WINDOW)) store.push(sample);
      })
      .catch(() => {}); // replay: history arrives as recorded ticks
    return () => {
      live = false;
    };
  }, [lab, store]);
  useStream('sample:threads', (sample) => store.push(sample));
  return samples;
}

/** The process sampler's settings and watch list, kept current. */
export function useProcessSamplingState(): ProcessSamplingState | null {
  const lab = useLab();
  const [state, setState] = useState<ProcessSamplingState | null>(null);
  useEffect(() => {
    lab.call('processes:get-state', {}).then(setState, () => {});
  }, [lab]);
  useStream('processes:state', setState);
  return state;
}
