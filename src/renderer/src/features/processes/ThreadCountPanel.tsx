import type uPlot from 'uplot';
import { UPlotChart } from '../../charts/UPlotChart';
import { LIVE_CHART_BASE, themedAxis } from '../../charts/uplot-theme';
import { formatRelativeSeconds } from '../../lib/relative-time';
import './thread-count-chart.css';

/** One line drawn in a thread-count panel. */
export interface PanelLine {
  label: string;
  stroke: () => string;
  width: number;
}

/** The shared cursor key: pointing at one panel shows the same instant in the other. */
const CURSOR_SYNC = 'thread-count';

/** Tick spacings of the x axis, in seconds. */
const X_INCREMENTS = [1, 2, 5, 10, 15, 30, 60];

/**
 * Options of one small-multiple panel: the relative-time x axis and exactly one y axis, whose
 * title is drawn above the canvas by ThreadCountPanel. `onCursor` gets the hovered sample.
 */
export function panelOptions(
  lines: readonly PanelLine[],
  onCursor: (index: number | null) => void,
): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    ...LIVE_CHART_BASE,
    cursor: {
      show: true,
      x: true,
      y: false,
      points: { show: false },
      drag: { x: false, y: false, setScale: false },
      sync: { key: CURSOR_SYNC },
    },
    scales: { x: { time: false }, y: {} },
    axes: [
      // Whole-second ticks, so every tick label is exact in the readout's format too.
      themedAxis({ incrs: X_INCREMENTS, values: (_, ticks) => ticks.map(formatRelativeSeconds) }),
      themedAxis({ scale: 'y', size: 52 }),
    ],
    series: [
      { value: (_, value) => (value === null ? '–' : formatRelativeSeconds(value)) },
      ...lines.map((line) => ({ ...line, scale: 'y', points: { show: false } })),
    ],
    hooks: { setCursor: [(chart: uPlot) => onCursor(chart.cursor.idx ?? null)] },
  };
}

/** One panel of the thread-count chart: a canvas with one y axis, titled above it. */
export function ThreadCountPanel(props: {
  axisTitle: string;
  options: Omit<uPlot.Options, 'width' | 'height'>;
  structureKey: string;
  data: () => uPlot.AlignedData;
  revision: unknown;
  label: string;
}): React.JSX.Element {
  const yAxes = (props.options.axes?.length ?? 1) - 1;
  return (
    <figure className="thread-count-panel" data-testid="thread-count-panel" data-y-axes={yAxes}>
      <figcaption className="axis-title" data-testid="y-axis-title">
        {props.axisTitle}
      </figcaption>
      <UPlotChart
        options={props.options}
        structureKey={props.structureKey}
        height={140}
        data={props.data}
        revision={props.revision}
        label={props.label}
      />
    </figure>
  );
}
