import { useRef, useState } from 'react';
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
  /** What needs them, e.g. "this run" or "the CPU-bound lessons". */
  what: string;
  /** True when `what` is plural ("the lessons need"). */
  plural?: boolean;
  /** Hidden while a run goes: the lab's own run keeps the cores busy then. */
  hidden: boolean;
  testId: string;
}): React.JSX.Element | null {
  const free = useFreeCores();
  // The same margin as a result's ⚠ flag: less busy than that does not spoil a lesson.
  if (props.hidden || free === null || free > props.needed - DISTURBED_OTHER_LOAD_CORES) {
    return null;
  }
  return (
    <p className="warning free-cores-warning" role="status" data-testid={props.testId}>
      ⚠ Only {formatCores(free)} {formatCores(free) === '1.0' ? 'core is' : 'cores are'} free now;{' '}
      {props.what} {props.plural === true ? 'need' : 'needs'} {props.needed} free{' '}
      {props.needed === 1 ? 'core' : 'cores'} to show{' '}
      {props.plural === true ? 'their lessons' : 'its lesson'}. Other programs will slow{' '}
      {props.plural === true ? 'them' : 'it'}: close them or wait, or read the results with care.
    </p>
  );
}
