import { useTranslation } from 'react-i18next';
import type { Model } from '../../../../../shared/experiment-models';
import type { RunLanes } from '../../../../../shared/run-lanes';
import { formatCores } from '../../../../../shared/experiment-conclusions';
import { PALETTE, seriesColor, STATE_COLORS } from '../../../components/chart-theme';
import { overlapText } from '../../../lib/lane-geometry';
import { useTheme } from '../../../theme/theme-store';
import { LanesView } from './LanesView';
import { LoopDelayFigure } from './LoopDelayFigure';
import { tracesTasks } from '../../../lib/task-lanes-text';
import './run-panel.css';

/**
 * The text key of what the run's interpreter means for its overlap, or null where the GIL is
 * not involved.
 */
export function gilNote(model: Model, gilDisabled: boolean | null): string | null {
  if (!model.startsWith('python-')) return null;
  if (gilDisabled === true) return 'experiments.lanes.gilOff';
  if (model === 'python-threads' || model === 'python-custom-pool')
    return 'experiments.lanes.gilTurns';
  return null;
}

/** What the lanes' marks mean: the three states by shape and colour, and one colour per core. */
export function LanesLegend({ cores }: { cores: number }): React.JSX.Element {
  useTheme(); // the marks' colours follow the theme
  const { t } = useTranslation();
  return (
    <ul className="lanes-legend" data-testid="lanes-legend">
      <li>
        <span className="mark mark-running" style={{ background: STATE_COLORS.running }} />
        {t('experiments.lanes.legendRunning')}
      </li>
      <li>
        <span className="mark mark-ready" style={{ color: STATE_COLORS.ready }} />
        {t('experiments.lanes.legendReady')}
      </li>
      <li>
        <span className="mark mark-blocked" style={{ background: STATE_COLORS.blocked }} />
        {t('experiments.lanes.legendBlocked')}
      </li>
      <li>
        <span className="mark mark-tick" style={{ background: PALETTE.start }} />
        {t('experiments.lanes.legendStarted')}
        <span className="mark mark-tick" style={{ background: PALETTE.end }} />
        {t('experiments.lanes.legendEnded')}
      </li>
      <li>
        {t('experiments.lanes.legendCore')}
        {cores <= 16 &&
          Array.from({ length: cores }, (_, core) => (
            <span key={core} className="core-key">
              <span className="swatch" style={{ background: seriesColor(core, cores) }} />
              cpu{core}
            </span>
          ))}
      </li>
    </ul>
  );
}

/**
 * A run's lanes with its figures: the overlap share (with the GIL note for Python), cores busy
 * now (live only), an async run's loop delay, and the lanes themselves (with its task lanes).
 * The same panel live, kept with a result, and stacked in the compare view.
 */
export function RunLanesPanel(props: {
  lanes: RunLanes;
  model: Model;
  cores: number;
  /** Live only: cores the run keeps busy now. */
  coresBusyNow?: number;
  /** Live only: whether the interpreter has a GIL, from the lab's Python status. */
  gilEnabled?: boolean | null;
  scaleSlices?: number;
  subscribe?: (onChange: () => void) => () => void;
  testId?: string;
}): React.JSX.Element {
  const { lanes } = props;
  const { t } = useTranslation();
  const gilDisabled =
    lanes.gilDisabled ??
    (props.gilEnabled === undefined || props.gilEnabled === null ? null : !props.gilEnabled);
  const note = gilNote(props.model, gilDisabled);
  const live = props.coresBusyNow !== undefined;
  // A kept async result without tasks: tracing was off (or the result predates it).
  const untraced = !live && tracesTasks(props.model) && (lanes.taskTrace ?? null) === null;
  return (
    <section className="run-lanes-panel" data-testid={props.testId ?? 'run-lanes-panel'}>
      <p className="lanes-figures" data-testid="lanes-figures">
        <b data-testid="lanes-overlap">{overlapText(lanes.overlapShare, t)}</b>
        {note !== null && <span data-testid="gil-note"> · {t(note)}</span>}
        {props.coresBusyNow !== undefined && (
          <span>
            {t('experiments.lanes.coresBusyNow', { cores: formatCores(props.coresBusyNow) })}
          </span>
        )}
        <LoopDelayFigure delay={lanes.loopDelay ?? null} live={live} />
        {untraced && <span data-testid="tasks-not-traced">{t('experiments.lanes.notTraced')}</span>}
        {lanes.samplesPerSec > 0 && (
          <span className="hint">
            {t('experiments.lanes.samples', { n: Math.round(lanes.samplesPerSec) })}
          </span>
        )}
      </p>
      <LanesView
        lanes={lanes}
        cores={props.cores}
        scaleSlices={props.scaleSlices}
        subscribe={props.subscribe}
        testId="lanes-view"
      />
    </section>
  );
}
