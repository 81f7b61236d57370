import { useMemo } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CHART_WINDOW_MS, useCoreHistory } from '../hooks/core-history';
import { useRunMarkers } from '../hooks/run-markers';
import { formatPercentOf100, formatSeconds } from '../lib/format';
import { CHART_THEME, GRID_PROPS, PALETTE, seriesColor, TOTAL_COLOR } from './chart-theme';

type Row = Record<string, number>;

/** Whole percentages: the axis ticks are round and the legend's digits stay steady. */
const percent = (value: number): string => formatPercentOf100(value, 0);

/**
 * Live busy % per logical core over the last minute, one thin line per core and a bold total.
 * With many cores the lines blur together, so the legend below lists every core's latest value
 * in a compact grid that stays legible at 64 cores.
 */
export function CoreChart(): React.JSX.Element {
  const { samples, received } = useCoreHistory();
  const markers = useRunMarkers();
  const coreCount = samples.at(-1)?.cores.length ?? 0;
  const latest = samples.at(-1);

  const rows = useMemo(
    () =>
      samples.map((sample) => {
        const row: Row = { time: sample.time, total: sample.total };
        sample.cores.forEach((busy, core) => (row[`cpu${core}`] = busy));
        return row;
      }),
    [samples],
  );
  const now = latest?.time ?? 0;

  return (
    <section
      className="panel core-chart"
      data-testid="core-chart"
      data-samples={received}
      data-cores={coreCount}
    >
      <header className="panel-header">
        <h2>CPU per core</h2>
        <span className="hint">busy %: 100 % = one core fully busy · total = % of the machine</span>
      </header>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis
              dataKey="time"
              type="number"
              domain={[now - CHART_WINDOW_MS, now]}
              allowDataOverflow
              tickFormatter={(time: number) => formatSeconds((time - now) / 1000, 0)}
              stroke={CHART_THEME.axis}
            />
            <YAxis domain={[0, 100]} tickFormatter={percent} stroke={CHART_THEME.axis} width={56} />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(time) => new Date(Number(time)).toLocaleTimeString()}
              formatter={(value) => percent(Number(value))}
              contentStyle={CHART_THEME.tooltip}
            />
            {Array.from({ length: coreCount }, (_, core) => (
              <Line
                key={core}
                className="core-series"
                dataKey={`cpu${core}`}
                name={`cpu${core}`}
                stroke={seriesColor(core, coreCount)}
                strokeWidth={coreCount > 16 ? 0.75 : 1.25}
                dot={false}
                isAnimationActive={false}
              />
            ))}
            {markers
              .filter((marker) => marker.time >= now - CHART_WINDOW_MS)
              .map((marker) => (
                <ReferenceLine
                  key={`${marker.runId}-${marker.kind}`}
                  className={`run-marker run-${marker.kind}`}
                  x={marker.time}
                  stroke={marker.kind === 'start' ? PALETTE.lightGreen : PALETTE.red}
                  strokeDasharray="4 3"
                  label={{
                    value: marker.label,
                    position: 'insideTopLeft',
                    fill: CHART_THEME.axis,
                    fontSize: 11,
                  }}
                />
              ))}
            <Line
              className="total-series"
              dataKey="total"
              name="total"
              stroke={TOTAL_COLOR}
              strokeWidth={2.5}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <ul className="core-legend" aria-label="Latest busy % per core">
        <li className="total">
          <span className="swatch" style={{ background: TOTAL_COLOR }} />
          total <b data-testid="total-value">{latest ? percent(latest.total) : '–'}</b>
        </li>
        {latest?.cores.map((busy, core) => (
          <li key={core}>
            <span className="swatch" style={{ background: seriesColor(core, coreCount) }} />
            cpu{core} <b data-testid="core-value">{percent(busy)}</b>
          </li>
        ))}
      </ul>
    </section>
  );
}
