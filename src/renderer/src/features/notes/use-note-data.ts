import { useEffect, useState } from 'react';
import { useLab, useStream } from '../../hooks/lab';
import type { NoteData } from './note-figures';

/** Most experiment results kept for the notes: the newest matter, the lab keeps the rest. */
const RESULTS_KEPT = 200;

/**
 * What the lab has measured, for the notes' figures: fetched when the panel opens, then kept
 * up to date from the result streams while it stays open (the panel is unmounted when closed).
 */
export function useNoteData(): NoteData {
  const lab = useLab();
  const [data, setData] = useState<NoteData>({ results: [], ipc: null });

  useEffect(() => {
    let live = true;
    // Either call may be refused (an older agent, a replay without it): the notes then show
    // how to measure instead of a figure.
    lab.call('experiment:list-results', {}).then(
      (results) => live && setData((shown) => ({ ...shown, results })),
      () => undefined,
    );
    lab.call('ipc:results', {}).then(
      (ipc) => live && setData((shown) => ({ ...shown, ipc })),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [lab]);

  useStream('experiment:result', (result) =>
    setData((shown) => ({ ...shown, results: [...shown.results, result].slice(-RESULTS_KEPT) })),
  );
  useStream('ipc:result', (event) => {
    if (event.kind !== 'compare' || !event.done) return;
    setData((shown) => {
      const ipc = shown.ipc ?? { runs: [], producerConsumer: [], compares: [], races: [] };
      return { ...shown, ipc: { ...ipc, compares: [...ipc.compares, event.result] } };
    });
  });
  return data;
}
