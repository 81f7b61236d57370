import { useMemo } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ThreadsSample } from '../../../../shared/sampling';
import { CHART_THEME, GRID_PROPS, seriesColor, TOTAL_COLOR } from '../../components/chart-theme';
import { formatSeconds } from '../../lib/format';
import { threadCountRows } from './thread-history';

/** Threads over time: the whole machine (left axis) and each watched process (right axis). */
export function ThreadCountChart(props: { samples: readonly ThreadsSample[] }): React.JSX.Element {
  const { rows, series } = useMemo(() => threadCountRows(props.samples), [props.samples]);
  const now = (rows.at(-1)?.['time'] as number | undefined) ?? 0;
  return (
    <section className="panel" data-testid="thread-count-chart">
      <header className="panel-header">
        <h2>Thread count</h2>
        <span className="hint">
          whole machine (left axis) and each watched process (right axis)
        </span>
      </header>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid {...GRID_PROPS} />
          <XAxis
            dataKey="time"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(time: number) => formatSeconds((time - now) / 1000, 0)}
            stroke={CHART_THEME.axis}
          />
          <YAxis yAxisId="total" stroke={CHART_THEME.axis} width={48} allowDecimals={false} />
          <YAxis
            yAxisId="process"
            orientation="right"
            stroke={CHART_THEME.axis}
            width={40}
            allowDecimals={false}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(time) => new Date(Number(time)).toLocaleTimeString()}
            contentStyle={CHART_THEME.tooltip}
          />
          <Legend />
          <Line
            yAxisId="total"
            dataKey="total"
            name="whole machine"
            stroke={TOTAL_COLOR}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          {series.map((entry, index) => (
            <Line
              key={entry.key}
              yAxisId="process"
              dataKey={entry.key}
              name={entry.label}
              stroke={seriesColor(index, series.length)}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </section>
  );
}
