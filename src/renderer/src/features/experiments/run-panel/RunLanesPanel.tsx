import type { Model } from '../../../../../shared/experiments';
import type { RunLanes } from '../../../../../shared/run-lanes';
import { formatCores } from '../../../../../shared/experiment-conclusions';
import { PALETTE, seriesColor, STATE_COLORS } from '../../../components/chart-theme';
import { overlapText } from '../../../lib/lane-geometry';
import { LanesView } from './LanesView';
import './run-panel.css';

/** What the run's interpreter means for its overlap, or null where the GIL is not involved. */
export function gilNote(model: Model, gilDisabled: boolean | null): string | null {
  if (!model.startsWith('python-')) return null;
  if (gilDisabled === true) return 'this interpreter has no GIL: its threads can run at once';
  if (model === 'python-threads' || model === 'python-custom-pool')
    return 'Python threads take turns holding the GIL';
  return null;
}

/** What the lanes' marks mean: the three states by shape and colour, and one colour per core. */
export function LanesLegend({ cores }: { cores: number }): React.JSX.Element {
  return (
    <ul className="lanes-legend" data-testid="lanes-legend">
      <li>
        <span className="mark mark-running" style={{ background: STATE_COLORS.running }} />
        running (full bar)
      </li>
      <li>
        <span className="mark mark-ready" style={{ color: STATE_COLORS.ready }} />
        ready, waiting for a CPU (half bar, hatched)
      </li>
      <li>
        <span className="mark mark-blocked" style={{ background: STATE_COLORS.blocked }} />
        blocked (thin line)
      </li>
      <li>
        <span className="mark mark-tick" style={{ background: PALETTE.lightGreen }} />
        started
        <span className="mark mark-tick" style={{ background: PALETTE.red }} />
        ended
      </li>
      <li>
        band under a lane: its core
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
 * now (live only), and the lanes themselves. The same panel live, kept with a result, and
 * stacked in the compare view.
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
  const gilDisabled =
    lanes.gilDisabled ??
    (props.gilEnabled === undefined || props.gilEnabled === null ? null : !props.gilEnabled);
  const note = gilNote(props.model, gilDisabled);
  return (
    <section className="run-lanes-panel" data-testid={props.testId ?? 'run-lanes-panel'}>
      <p className="lanes-figures" data-testid="lanes-figures">
        <b data-testid="lanes-overlap">{overlapText(lanes.overlapShare)}</b>
        {note !== null && <span data-testid="gil-note"> · {note}</span>}
        {props.coresBusyNow !== undefined && (
          <span> · {formatCores(props.coresBusyNow)} cores busy now</span>
        )}
        {lanes.samplesPerSec > 0 && (
          <span className="hint"> · {Math.round(lanes.samplesPerSec)} samples/s</span>
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
