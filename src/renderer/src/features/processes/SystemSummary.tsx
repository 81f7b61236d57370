import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CoreSplit, SystemSample } from '../../../../shared/sampling';
import { FIGURES, useStoreState } from '../../charts/use-frame-task';
import { PALETTE } from '../../components/chart-theme';
import { useStream } from '../../hooks/lab';
import { useTheme } from '../../theme/theme-store';
import { SeriesStore } from '../../stores/series-store';
import { formatBytes, formatPercentOf100, formatRate } from '../../lib/format';
import { maybe } from './Cells';

/**
 * The kinds of CPU work, in stacking order, with their colours (read at render). Each one's name
 * and meaning are texts: processes.system.parts.<key>.label / .title.
 */
const PARTS: { key: keyof Omit<CoreSplit, 'busy'>; color: () => string }[] = [
  { key: 'user', color: () => PALETTE.green },
  { key: 'system', color: () => PALETTE.blue },
  { key: 'irq', color: () => PALETTE.purple },
  { key: 'steal', color: () => PALETTE.red },
  { key: 'iowait', color: () => PALETTE.yellow },
];

/**
 * The machine at a glance, from `sample:system`: each core's time split into user / system /
 * irq / steal / iowait, memory, load average, runnable and blocked tasks, context switches.
 * Samples only land in a store; the figures re-render about once a second, while shown.
 */
export function SystemSummary(): React.JSX.Element {
  const [store] = useState(() => new SeriesStore<SystemSample>(1));
  // Figures, not lines: drawn with the table's frames (about once a second), so the CPU chart's
  // frames in between change only the chart's canvas.
  const [sample] = useStoreState(store, () => store.last() ?? null, FIGURES);
  useStream('sample:system', (latest) => store.push(latest));
  useTheme(); // the bars and swatches follow the theme even when no sample arrives
  const { t } = useTranslation();
  // Until the first sample the summary keeps its shape (the legend and the figures' labels, with
  // "…" for values): a one-line "waiting" in its place made everything below jump down as the
  // sample came, under the pointer of whoever was about to click the table's toolbar.
  const figure = (show: (shown: SystemSample) => React.ReactNode): React.ReactNode =>
    sample === null ? '…' : show(sample);
  return (
    <div className="system-summary" data-testid="system-summary">
      {sample === null ? (
        <p className="hint system-waiting" role="status">
          {t('processes.system.waiting')}
        </p>
      ) : (
        <ul className="core-splits">
          {sample.cores.map((core, index) => (
            <li key={index}>
              <span className="core-name">cpu{index}</span>
              <SplitBar split={core} name={`cpu${index}`} />
              <span className="num">{formatPercentOf100(core.busy)}</span>
            </li>
          ))}
        </ul>
      )}
      <ul className="state-legend">
        {PARTS.map((part) => (
          <li key={part.key} title={t(`processes.system.parts.${part.key}.title`)}>
            <span className="swatch" style={{ background: part.color() }} />{' '}
            {t(`processes.system.parts.${part.key}.label`)}
            {sample?.total[part.key] === null && t('processes.system.partUnavailable')}
          </li>
        ))}
      </ul>
      <dl className="system-figures">
        <dt>{t('processes.system.memoryAvailable')}</dt>
        <dd>
          {figure(({ memory }) => (
            <>
              {maybe(memory.availableBytes, formatBytes)} {t('processes.system.of')}{' '}
              {formatBytes(memory.totalBytes)}
            </>
          ))}
        </dd>
        <dt>{t('processes.system.loadAverage')}</dt>
        <dd data-testid="load-average">
          {figure(({ loadAverage }) =>
            maybe(loadAverage, (load) => load.map((v) => v.toFixed(2)).join(' ')),
          )}
        </dd>
        <dt>{t('processes.system.tasks')}</dt>
        <dd>
          {figure(({ runnableTasks, blockedTasks }) => (
            <>
              {maybe(runnableTasks, String)} / {maybe(blockedTasks, String)}
            </>
          ))}
        </dd>
        <dt>{t('processes.system.contextSwitches')}</dt>
        <dd>{figure(({ contextSwitchesPerSec }) => maybe(contextSwitchesPerSec, formatRate))}</dd>
      </dl>
    </div>
  );
}

/**
 * One core's split as a stacked horizontal bar (100 % wide = the whole interval): plain boxes
 * whose widths change in a size-contained bar, so a new sample re-lays out nothing around it.
 */
function SplitBar(props: { split: CoreSplit; name: string }): React.JSX.Element {
  const { t } = useTranslation();
  // A role="img" needs a name (axe): the split in words, for screen readers.
  const label = `${props.name}: ${PARTS.map((part) => {
    const value = props.split[part.key];
    const shown = value === null ? t('processes.cells.unavailable') : formatPercentOf100(value);
    return `${t(`processes.system.parts.${part.key}.label`)} ${shown}`;
  }).join(', ')}`;
  return (
    <span className="split-bar" role="img" aria-label={label}>
      {PARTS.map((part) => (
        <span
          key={part.key}
          style={{ width: `${props.split[part.key] ?? 0}%`, background: part.color() }}
        />
      ))}
    </span>
  );
}
