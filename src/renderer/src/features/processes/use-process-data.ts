import { useCallback, useEffect, useRef, useState } from 'react';
import { RingBuffer } from '../../../../shared/ring-buffer';
import {
  ProcessTableState,
  type ProcessesSample,
  type ProcessRow,
  type ProcessSamplingState,
  type ThreadsSample,
} from '../../../../shared/sampling';
import { useLab, useStream } from '../../hooks/lab';

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
  const [last, setLast] = useState<{
    sample: ProcessesSample | null;
    ticks: number;
    rows: ProcessRow[];
  }>({ sample: null, ticks: 0, rows: [] });
  const resyncing = useRef(false);

  const resync = useCallback(() => {
    if (resyncing.current) return;
    resyncing.current = true;
    lab
      .call('processes:snapshot', {})
      .then((snapshot) => {
        table.apply(snapshot);
        const rows = [...table.rows.values()];
        setLast((previous) => ({ sample: snapshot, ticks: previous.ticks, rows }));
      })
      .catch(() => {}) // replay: the recording's next whole-table tick fills the table
      .finally(() => (resyncing.current = false));
  }, [lab, table]);

  useEffect(resync, [resync]);
  useStream('sample:processes', (sample) => {
    if (!table.apply(sample)) resync();
    const rows = [...table.rows.values()];
    setLast((previous) => ({ sample, ticks: previous.ticks + 1, rows }));
  });

  return {
    rows: last.rows,
    totals: last.sample?.totals ?? null,
    logicalCores: last.sample?.logicalCores ?? 1,
    costMs: last.sample?.costMs ?? null,
    ticks: last.ticks,
  };
}

/** The last THREAD_WINDOW thread samples: history from the lab first, then live ones. */
export function useThreadHistory(): ThreadsSample[] {
  const lab = useLab();
  const [buffer] = useState(() => new RingBuffer<ThreadsSample>(THREAD_WINDOW));
  const [samples, setSamples] = useState<ThreadsSample[]>([]);

  useEffect(() => {
    let live = true;
    lab
      .call('processes:history', {})
      .then((history) => {
        if (!live || buffer.size > 0) return;
        for (const sample of history.threads.slice(-THREAD_WINDOW)) buffer.push(sample);
        setSamples(buffer.toArray());
      })
      .catch(() => {}); // replay: history arrives as recorded ticks
    return () => {
      live = false;
    };
  }, [lab, buffer]);
  useStream('sample:threads', (sample) => {
    buffer.push(sample);
    setSamples(buffer.toArray());
  });
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
