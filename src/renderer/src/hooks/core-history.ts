import { useState } from 'react';
import { SAMPLING_INTERVAL_MS, type CoreSample } from '../../../shared/contract';
import { RingBuffer } from '../../../shared/ring-buffer';
import { useStream } from './lab';

/** How much CPU history the live chart shows. */
export const CHART_WINDOW_MS = 60_000;

/** The last minute of `sample:cores`, bounded by the fastest possible sampling rate. */
export function useCoreHistory(): { samples: CoreSample[]; received: number } {
  const [buffer] = useState(
    () => new RingBuffer<CoreSample>(Math.ceil(CHART_WINDOW_MS / SAMPLING_INTERVAL_MS.min) + 1),
  );
  const [view, setView] = useState<{ samples: CoreSample[]; received: number }>({
    samples: [],
    received: 0,
  });
  useStream('sample:cores', (sample) => {
    buffer.push(sample);
    buffer.dropWhile((old) => old.time < sample.time - CHART_WINDOW_MS);
    setView((previous) => ({ samples: buffer.toArray(), received: previous.received + 1 }));
  });
  return view;
}
