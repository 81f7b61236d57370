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
import { seriesColor, TOTAL_COLOR } from '../../components/series-colors';
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
          <CartesianGrid stroke="#2a3038" strokeDasharray="3 3" />
          <XAxis
            dataKey="time"
            type="number"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(time: number) => `${Math.round((time - now) / 1000)} s`}
            stroke="#8a94a3"
          />
          <YAxis yAxisId="total" stroke="#8a94a3" width={48} allowDecimals={false} />
          <YAxis
            yAxisId="process"
            orientation="right"
            stroke="#8a94a3"
            width={40}
            allowDecimals={false}
          />
          <Tooltip
            isAnimationActive={false}
            labelFormatter={(time) => new Date(Number(time)).toLocaleTimeString()}
            contentStyle={{ background: '#1a1f26', border: '1px solid #333' }}
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
