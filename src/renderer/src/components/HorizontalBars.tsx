import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTheme } from '../theme/theme-store';
import { CHART_THEME, GRID_PROPS } from './chart-theme';

/** One series of bars: which field of a row it draws, its legend name and colour. */
export interface BarSeries {
  dataKey: string;
  name: string;
  fill: string;
}

/** A row: its label and one number (or null for "unavailable") per series. */
export type BarRow = { name: string } & Record<string, string | number | null>;

/**
 * A captioned chart of horizontal bars, one group per row (runs, mechanisms…), no animation.
 * Labels the bars with their values when there is a single series.
 */
export function HorizontalBars({
  title,
  rows,
  series,
  format,
  labelWidth = 200,
  testId,
}: {
  title: string;
  rows: BarRow[];
  series: BarSeries[];
  format: (value: number) => string;
  labelWidth?: number;
  testId?: string;
}): React.JSX.Element {
  useTheme(); // recharts takes colours as props: re-render on a theme change
  const rowHeight = 22 * series.length + 6;
  return (
    <figure className="metric-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={40 + rowHeight * rows.length}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 4 }}>
          <CartesianGrid {...GRID_PROPS} horizontal={false} />
          <XAxis type="number" stroke={CHART_THEME.axis} tickFormatter={(v: number) => format(v)} />
          <YAxis
            type="category"
            dataKey="name"
            width={labelWidth}
            stroke={CHART_THEME.axis}
            tick={{ fontSize: 11 }}
          />
          <Tooltip
            isAnimationActive={false}
            formatter={(value) => (value === null ? '—' : format(Number(value)))}
            contentStyle={CHART_THEME.tooltip}
          />
          {series.map((bar) => (
            <Bar
              key={bar.dataKey}
              dataKey={bar.dataKey}
              name={bar.name}
              fill={bar.fill}
              isAnimationActive={false}
              label={
                series.length === 1
                  ? {
                      position: 'right',
                      fill: CHART_THEME.text,
                      fontSize: 11,
                      formatter: (v: unknown) => (typeof v === 'number' ? format(v) : '—'),
                    }
                  : false
              }
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
