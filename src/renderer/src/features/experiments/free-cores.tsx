import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoreSample } from '../../../../shared/contract';
import { formatCores } from '../../../../shared/experiment-conclusions';
import {
  DISTURBED_OTHER_LOAD_CORES,
  FREE_CORES_WINDOW_MS,
  freeCoresOf,
} from '../../../../shared/experiment-expectations';
import { useStream } from '../../hooks/lab';

/**
 * How much of the machine is free before a run: the CPU chart's samples of the last two
 * seconds, every program counted (this app too), so a lesson that needs two idle cores can
 * say beforehand that it will not show on a busy machine.
 */

/** Free cores now, to one decimal; re-renders only when that figure changes. */
export function useFreeCores(): number | null {
  const samples = useRef<CoreSample[]>([]);
  const [free, setFree] = useState<number | null>(null);
  useStream('sample:cores', (sample) => {
    const kept = samples.current.filter((s) => s.time >= sample.time - FREE_CORES_WINDOW_MS);
    kept.push(sample);
    samples.current = kept;
    const figure = freeCoresOf(kept);
    setFree(figure === null ? null : Math.round(figure * 10) / 10);
  });
  return free;
}

/** The warning before a run whose lesson needs more free cores than the machine has now. */
export function FreeCoresWarning(props: {
  /** Free cores the lesson needs. */
  needed: number;
  /** What needs them: this run, or the CPU-bound lessons. */
  subject: 'run' | 'lessons';
  /** Hidden while a run goes: the lab's own run keeps the cores busy then. */
  hidden: boolean;
  testId: string;
}): React.JSX.Element | null {
  const free = useFreeCores();
  const { t } = useTranslation();
  // The same margin as a result's ⚠ flag: less busy than that does not spoil a lesson.
  if (props.hidden || free === null || free > props.needed - DISTURBED_OTHER_LOAD_CORES) {
    return null;
  }
  const shown = formatCores(free);
  const freeNow = t(
    shown === '1.0' ? 'experiments.freeCores.free1' : 'experiments.freeCores.free',
    {
      free: shown,
    },
  );
  const needed = t(
    props.needed === 1 ? 'experiments.freeCores.needed1' : 'experiments.freeCores.needed',
    {
      n: props.needed,
    },
  );
  return (
    <p className="warning free-cores-warning" role="status" data-testid={props.testId}>
      {t(`experiments.freeCores.${props.subject}`, { freeNow, needed })}
    </p>
  );
}
