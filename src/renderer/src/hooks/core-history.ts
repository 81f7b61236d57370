import { useState } from 'react';
import { SAMPLING_INTERVAL_MS, type CoreSample } from '../../../shared/contract';
import { SeriesStore } from '../stores/series-store';
import { useStream } from './lab';

/** How much CPU history the live chart shows. */
export const CHART_WINDOW_MS = 60_000;

/** Samples a one-minute window holds at the fastest sampling rate (600 at 100 ms), plus one. */
export const CORE_HISTORY_CAPACITY = Math.ceil(CHART_WINDOW_MS / SAMPLING_INTERVAL_MS.min) + 1;

/** A store of the last minute of `sample:cores`; fed without any React render. */
export function useCoreHistory(): SeriesStore<CoreSample> {
  const [store] = useState(
    () =>
      new SeriesStore<CoreSample>(CORE_HISTORY_CAPACITY, {
        timeOf: (sample) => sample.time,
        windowMs: CHART_WINDOW_MS,
      }),
  );
  useStream('sample:cores', (sample) => store.push(sample));
  return store;
}
