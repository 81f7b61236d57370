import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import type { ThreadsSample } from '../../../../shared/sampling';
import { UPlotChart } from '../../charts/UPlotChart';
import { LIVE_CHART_BASE, themedAxis } from '../../charts/uplot-theme';
import { PALETTE, seriesColor } from '../../components/chart-theme';
import { useTheme } from '../../theme/theme-store';
import { formatCount, formatSeconds } from '../../lib/format';
import { threadCountColumns, threadCountSeries } from './thread-history';

/**
 * Threads over time on a canvas: the whole machine (left axis) and each watched process
 * (right axis), with the latest counts as text in the legend.
 */
export function ThreadCountChart(props: { samples: readonly ThreadsSample[] }): React.JSX.Element {
  const { t } = useTranslation();
  const { samples } = props;
  useTheme(); // the legend's swatches follow the theme even when no sample arrives
  const series = useMemo(() => threadCountSeries(samples), [samples]);
  // The chart is rebuilt when the set of processes changes; its options only when their labels do.
  const structureKey = series.map((entry) => entry.key).join('|');
  const labelList = series.map((entry) => entry.label).join('\n');
  const wholeMachine = t('processes.threadCount.wholeMachine');
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      ...LIVE_CHART_BASE,
      scales: { x: { time: false }, total: {}, process: {} },
      axes: [
        themedAxis({ values: (_, ticks) => ticks.map((t) => formatSeconds(t, 0)) }),
        themedAxis({ scale: 'total', size: 56 }),
        themedAxis({ scale: 'process', side: 1, size: 44, grid: { show: false } }),
      ],
      series: [
        {},
        {
          label: wholeMachine,
          scale: 'total',
          stroke: () => PALETTE.total,
          width: 2,
          points: { show: false },
        },
        ...labelsOf(labelList).map((label, index, labels) => ({
          label,
          scale: 'process',
          stroke: () => seriesColor(index, labels.length),
          width: 1.5,
          points: { show: false },
        })),
      ],
    }),
    [labelList, wholeMachine],
  );
  const latest = samples.at(-1);
  const counts = series.map((entry) => ({
    ...entry,
    count: latest?.processes.find((process) => process.key === entry.key)?.threadCount ?? null,
  }));
  const total = latest?.totalThreads ?? null;
  const summary = t('processes.threadCount.summary', {
    total: total ?? t('processes.threadCount.unknown'),
    processes: counts
      .map((entry) =>
        t('processes.threadCount.summaryEntry', {
          label: entry.label,
          n: entry.count ?? t('processes.threadCount.notSampled'),
        }),
      )
      .join(''),
  });
  return (
    <section className="panel" data-testid="thread-count-chart">
      <header className="panel-header">
        <h2>{t('processes.threadCount.title')}</h2>
        <span className="hint">{t('processes.threadCount.hint')}</span>
      </header>
      <UPlotChart
        options={options}
        structureKey={structureKey}
        height={200}
        data={() => threadCountColumns(samples, series)}
        revision={samples}
        label={summary}
      />
      <ul className="chart-legend" data-testid="thread-count-legend">
        <li>
          <span className="swatch" style={{ background: PALETTE.total }} /> {wholeMachine}{' '}
          <b data-testid="thread-count-total">{total === null ? '–' : formatCount(total)}</b>
        </li>
        {counts.map((entry, index) => (
          <li key={entry.key}>
            <span className="swatch" style={{ background: seriesColor(index, counts.length) }} />{' '}
            {entry.label} <b>{entry.count === null ? '–' : formatCount(entry.count)}</b>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The labels joined by labelList, back as a list (none for an empty string). */
function labelsOf(labelList: string): string[] {
  return labelList === '' ? [] : labelList.split('\n');
}
