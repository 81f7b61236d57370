import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadsSample } from '../../../../shared/sampling';
import { PALETTE, seriesColor } from '../../components/chart-theme';
import { useTheme } from '../../theme/theme-store';
import { formatCount } from '../../lib/format';
import { threadCountColumns, threadCountSeries } from './thread-history';
import { formatRelativeSeconds } from '../../lib/relative-time';
import { ThreadCountPanel, panelOptions } from './ThreadCountPanel';

/**
 * Threads over time as small multiples: the whole machine in one panel and the watched
 * processes in another, each with its own titled axis (their scales differ a hundredfold, and
 * two untitled axes on one canvas left the reader guessing). Pointing at either panel reads out
 * that instant in the same relative time as the x axis; the latest counts stay in the legend.
 */
export function ThreadCountChart(props: { samples: readonly ThreadsSample[] }): React.JSX.Element {
  const { t } = useTranslation();
  const { samples } = props;
  useTheme(); // the legend's swatches follow the theme even when no sample arrives
  const [hovered, setHovered] = useState<number | null>(null);
  const series = useMemo(() => threadCountSeries(samples), [samples]);
  const columns = useMemo(() => threadCountColumns(samples, series), [samples, series]);
  // The charts are rebuilt when the set of processes changes; their options only when labels do.
  const structureKey = series.map((entry) => entry.key).join('|');
  const labelList = series.map((entry) => entry.label).join('\n');
  const wholeMachine = t('processes.threadCount.wholeMachine');
  const machineOptions = useMemo(
    () =>
      panelOptions([{ label: wholeMachine, stroke: () => PALETTE.total, width: 2 }], setHovered),
    [wholeMachine],
  );
  const processOptions = useMemo(
    () =>
      panelOptions(
        labelsOf(labelList).map((label, index, labels) => ({
          label,
          stroke: () => seriesColor(index, labels.length),
          width: 1.5,
        })),
        setHovered,
      ),
    [labelList],
  );
  const latest = samples.at(-1);
  const counts = series.map((entry) => ({
    ...entry,
    count: latest?.processes.find((process) => process.key === entry.key)?.threadCount ?? null,
  }));
  const total = latest?.totalThreads ?? null;
  const entries = (count: (index: number) => number | null | undefined): string =>
    series
      .map((entry, index) =>
        t('processes.threadCount.summaryEntry', {
          label: entry.label,
          n: count(index) ?? t('processes.threadCount.notSampled'),
        }),
      )
      .join('');
  const summary = t('processes.threadCount.summary', {
    total: total ?? t('processes.threadCount.unknown'),
    processes: entries((index) => counts[index]?.count),
  });
  const time = hovered === null ? undefined : columns[0][hovered];
  const readout =
    hovered === null || time === undefined
      ? t('processes.threadCount.cursorHint')
      : t('processes.threadCount.cursor', {
          time: formatRelativeSeconds(time),
          total: columns[1]?.[hovered] ?? t('processes.threadCount.unknown'),
          processes: entries((index) => columns[index + 2]?.[hovered]),
        });
  return (
    <section className="panel" data-testid="thread-count-chart">
      <header className="panel-header">
        <h2>{t('processes.threadCount.title')}</h2>
        <span className="hint">{t('processes.threadCount.hint')}</span>
      </header>
      <ThreadCountPanel
        axisTitle={t('processes.threadCount.machineAxis')}
        options={machineOptions}
        structureKey="machine"
        data={() => [columns[0], columns[1] ?? []]}
        revision={columns}
        label={summary}
      />
      {series.length > 0 && (
        <ThreadCountPanel
          axisTitle={t('processes.threadCount.processAxis')}
          options={processOptions}
          structureKey={structureKey}
          data={() => [columns[0], ...columns.slice(2)]}
          revision={columns}
          label={t('processes.threadCount.processSummary')}
        />
      )}
      <p className="thread-count-cursor hint" data-testid="thread-count-cursor">
        {readout}
      </p>
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
