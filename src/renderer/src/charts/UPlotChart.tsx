import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { useTheme } from '../theme/theme-store';
import { useFrameTask } from './use-frame-task';
import { useObservedWidth } from './use-observed-width';

/** Props of a live canvas chart. */
export interface UPlotChartProps {
  /** uPlot options without the size; read when the chart is (re)built. */
  options: Omit<uPlot.Options, 'width' | 'height'>;
  /** Rebuilds the chart when it changes (series added or removed); data changes do not. */
  structureKey: string;
  height: number;
  /** The data to draw; called at most once per visible frame after a change. */
  data: () => uPlot.AlignedData;
  /** Subscribes to the store behind `data`; each change asks for one draw in the next frame. */
  subscribe?: (onChange: () => void) => () => void;
  /** For charts fed by props: a new value asks for one draw in the next frame. */
  revision?: unknown;
  /** A text summary for screen readers: what the chart shows and its latest values. */
  label: string;
  testId?: string;
}

/**
 * A uPlot chart on one canvas. It never redraws from a React render: stores and props only mark
 * it dirty, and the page's frame loop draws it once in the next frame where it is visible.
 */
export function UPlotChart(props: UPlotChartProps): React.JSX.Element {
  const { structureKey, height, subscribe, revision } = props;
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  // Colours are read when the chart is built, so a theme change rebuilds it.
  const theme = useTheme();
  useEffect(() => {
    latest.current = props;
  });
  const boxWidth = useObservedWidth(box);
  const invalidate = useFrameTask(() => {
    const chart = plot.current;
    if (chart === null) return;
    const width = Math.round(boxWidth.read() ?? 0);
    if (width > 0 && width !== chart.width) chart.setSize({ width, height: chart.height });
    chart.setData(latest.current.data());
  });
  // A width change (window resize, tab shown) is drawn by the frame loop like any change.
  useEffect(() => boxWidth.subscribe(invalidate), [boxWidth, invalidate]);

  useEffect(() => {
    const element = box.current;
    if (element === null) return;
    const options = { ...latest.current.options, width: element.clientWidth || 600, height };
    const chart = new uPlot(options, latest.current.data(), element);
    plot.current = chart;
    invalidate();
    return () => {
      chart.destroy();
      plot.current = null;
    };
  }, [structureKey, height, invalidate, theme]);

  useEffect(() => subscribe?.(invalidate), [subscribe, invalidate]);
  useEffect(invalidate, [revision, invalidate]);

  return (
    <div
      ref={box}
      className="uplot-box"
      // The chart is built in an effect, after the first paint: the box holds its place until
      // then, so nothing below it moves under the pointer when the canvas arrives.
      style={{ minHeight: height }}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}
