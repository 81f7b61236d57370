import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CoreSample } from '../../../../shared/contract';
import { formatCores } from '../../../../shared/experiment-conclusions';
import {
  DISTURBED_OTHER_LOAD_CORES,
  FREE_CORES_WINDOW_MS,
  freeCoresOf,
} from '../../../../shared/experiment-expectations';
import { FIGURES, useStoreState } from '../../charts/use-frame-task';
import { useStream } from '../../hooks/lab';
import { SeriesStore } from '../../stores/series-store';

/**
 * How much of the machine is free before a run: the CPU chart's samples of the last two
 * seconds, every program counted (this app too), so a lesson that needs two idle cores can
 * say beforehand that it will not show on a busy machine.
 */

/** Samples the two-second window holds at the fastest sampling rate, with room to spare. */
const FREE_CORES_CAPACITY = 64;

/**
 * Free cores now, to one decimal (a two-second average). Samples go into a store without a
 * render; the figure is read in the page's frame loop like the chart's other figures, about once
 * a second in a frame drawn anyway, so it costs no frame of its own (a render per sample did,
 * twice per sample at 250 ms).
 */
export function useFreeCores(): number | null {
  const [store] = useState(
    () =>
      new SeriesStore<CoreSample>(FREE_CORES_CAPACITY, {
        timeOf: (sample) => sample.time,
        windowMs: FREE_CORES_WINDOW_MS,
      }),
  );
  const [free] = useStoreState(
    store,
    () => {
      const figure = freeCoresOf(store.items());
      return figure === null ? null : Math.round(figure * 10) / 10;
    },
    FIGURES,
  );
  useStream('sample:cores', (sample) => store.push(sample));
  return free;
}

/**
 * How many cores are free now, as one line that is always there: a plain figure, or a warning
 * when a run or the lessons need more free cores than the machine has. The line keeps its place
 * (empty while a run goes), because it comes and goes with the load: a warning that appeared
 * above the lessons moved their buttons away from the pointer.
 */
export function FreeCoresLine(props: {
  /** Free cores the lesson needs. */
  needed: number;
  /** What needs them: this run, or the CPU-bound lessons. */
  subject: 'run' | 'lessons';
  /** Empty while a run goes: the lab's own run keeps the cores busy then. */
  hidden: boolean;
  testId: string;
}): React.JSX.Element {
  const free = useFreeCores();
  const { t } = useTranslation();
  // The same margin as a result's ⚠ flag: less busy than that does not spoil a lesson.
  const short = free !== null && free <= props.needed - DISTURBED_OTHER_LOAD_CORES;
  const state = props.hidden ? 'hidden' : free === null ? 'waiting' : short ? 'warning' : 'ok';
  const text = state === 'hidden' ? '' : freeCoresText(t, free, short, props);
  return (
    <p
      className={state === 'warning' ? 'free-cores warning' : 'free-cores hint'}
      data-testid={props.testId}
      data-state={state}
    >
      {state === 'warning' ? null : text}
      {/* Only a warning is announced: the figure changes every second or so, and a screen
          reader reading each one out would drown everything else. The live region is always
          there, so a warning that appears in it is announced. */}
      <span role="status">{state === 'warning' ? text : ''}</span>
    </p>
  );
}

/** The line's words: "Free cores now: 1.8", or the warning with what is free and what is needed. */
function freeCoresText(
  t: TFunction,
  free: number | null,
  short: boolean,
  props: { needed: number; subject: 'run' | 'lessons' },
): string {
  if (free === null) return t('experiments.freeCores.now', { free: '…' });
  const shown = formatCores(free);
  if (!short) return t('experiments.freeCores.now', { free: shown });
  const freeNow = t(
    shown === '1.0' ? 'experiments.freeCores.free1' : 'experiments.freeCores.free',
    { free: shown },
  );
  const needed = t(
    props.needed === 1 ? 'experiments.freeCores.needed1' : 'experiments.freeCores.needed',
    { n: props.needed },
  );
  return t(`experiments.freeCores.${props.subject}`, { freeNow, needed });
}
