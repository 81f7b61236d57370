import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { cpuInMode, type CpuMode } from '../../../../shared/sampling';
import { TABLE_VIEW, useStoreState } from '../../charts/use-frame-task';
import { formatBytes, formatPercentOf100 } from '../../lib/format';
import { formatRelativeSeconds } from '../../lib/relative-time';
import { cpuSparkline, memorySparkline, processHistory, seriesFigures } from './process-history';
import './process-history.css';

/**
 * The shown process's last minute of CPU and memory, as btop shows beside its process list:
 * two sparklines with their now / min / max, on the same relative-time scale as the charts.
 */
export function ProcessHistory(props: {
  processKey: string;
  mode: CpuMode;
  cores: number;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { processKey, mode, cores } = props;
  // Read from the store at most once per frame after a tick, never per stream message.
  const [history, , redraw] = useStoreState(
    processHistory,
    () => processHistory.history(processKey),
    TABLE_VIEW,
  );
  useEffect(redraw, [processKey, redraw]); // another process chosen: at once

  const percent = (value: number): string => formatPercentOf100(cpuInMode(value, mode, cores));
  const cpu = history === null ? null : seriesFigures(history.cpu);
  const memory = history === null ? null : seriesFigures(history.rss);
  const newest = history?.times.at(-1) ?? 0;
  const oldest = history?.times[0] ?? newest;
  const unknown = t('processes.history.unknown');
  const change =
    memory === null
      ? unknown
      : memory.now === memory.first
        ? t('processes.history.steady')
        : t(memory.now > memory.first ? 'processes.history.grew' : 'processes.history.fell', {
            amount: formatBytes(Math.abs(memory.now - memory.first)),
          });
  const summary =
    history === null
      ? t('processes.history.empty')
      : t('processes.history.summary', {
          span: formatRelativeSeconds((newest - oldest) / 1000),
          now: cpu === null ? unknown : percent(cpu.now),
          max: cpu === null ? unknown : percent(cpu.max),
          memory: memory === null ? unknown : formatBytes(memory.now),
          change,
        });
  const figures = (
    values: { now: number; min: number; max: number } | null,
    format: (value: number) => string,
  ): string =>
    values === null
      ? unknown
      : t('processes.history.figures', {
          now: format(values.now),
          min: format(values.min),
          max: format(values.max),
        });
  return (
    <div
      className="process-history"
      data-testid="process-history"
      data-key={processKey}
      data-samples={history?.times.length ?? 0}
      role="group"
      aria-label={summary}
    >
      <h3>{t('processes.history.title')}</h3>
      {history === null ? (
        <p className="hint">{summary}</p>
      ) : (
        <div className="history-grid" aria-hidden="true">
          <span>{t('processes.history.cpu')}</span>
          <span className="history-spark" data-testid="history-cpu-spark">
            {cpuSparkline(history.cpu)}
          </span>
          <span data-testid="history-cpu-figures">{figures(cpu, percent)}</span>
          <span>{t('processes.history.memory')}</span>
          <span className="history-spark" data-testid="history-memory-spark">
            {memorySparkline(history.rss)}
          </span>
          <span data-testid="history-memory-figures">{figures(memory, formatBytes)}</span>
          <span />
          <span className="history-axis">
            <span>{formatRelativeSeconds((oldest - newest) / 1000)}</span>
            <span>{formatRelativeSeconds(0)}</span>
          </span>
          <span />
        </div>
      )}
    </div>
  );
}
