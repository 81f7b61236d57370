import { useTranslation } from 'react-i18next';
import type { LoopDelay } from '../../../../../shared/task-lanes';
import { formatDelayMs, loopDelayText } from '../../../lib/task-lanes-text';

/**
 * An async run's event-loop delay as text (how late the loop got to a due timer): over the
 * last second or so while it runs, over the whole run once kept. The figures are also data
 * attributes, so a test reads numbers rather than parsing the words.
 */
export function LoopDelayFigure(props: {
  delay: LoopDelay | null;
  live: boolean;
}): React.JSX.Element | null {
  const { delay } = props;
  const { t } = useTranslation();
  if (delay === null) return null;
  return (
    <span
      data-testid="loop-delay"
      data-loop-p50={delay.p50Ms}
      data-loop-p99={delay.p99Ms}
      data-loop-max={delay.maxMs}
      data-loop-count={delay.count}
      data-live={props.live}
    >
      {' · '}
      {loopDelayText(delay, t)}
      <span className="hint">
        {props.live
          ? t('experiments.lanes.lastSecond')
          : t('experiments.lanes.wholeRun', {
              max: formatDelayMs(delay.maxMs),
              count: delay.count,
            })}
      </span>
    </span>
  );
}
