import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CpuMode, ThreadsSample } from '../../../../shared/sampling';
import { CpuCell, Unavailable } from './Cells';
import { formatPercentOf100, formatRate } from '../../lib/format';
import { stateName } from './state-names';
import { CoreLane, StateLegend, StateStrip } from './StateStrip';
import { threadTimelines, type ThreadTimeline } from './thread-history';
import { VirtualSpacer } from './VirtualSpacer';

/** A thread row's height before it is measured (the strips are 14 px high). */
const ROW_HEIGHT = 21;
/** Rows rendered beyond each edge of the view. */
const OVERSCAN = 6;
/** Columns of the thread table. */
const COLUMN_COUNT = 9;

/** Props of the thread panel. */
export interface ThreadPanelProps {
  samples: readonly ThreadsSample[];
  processKey: string;
  mode: CpuMode;
  cores: number;
  /** False where the OS gives no per-thread data. */
  threadsReported: boolean;
}

/**
 * The threads of one watched process: one row each with name, state, CPU %, core and its
 * running / ready / blocked split, then a state strip and a core lane over the last minute.
 * Only the rows in view are in the page (a process may have hundreds of threads).
 */
export function ThreadPanel(props: ThreadPanelProps): React.JSX.Element {
  const { t } = useTranslation();
  const { samples, processKey, mode, cores, threadsReported } = props;
  const { process, timelines } = threadTimelines(samples, processKey);
  const box = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- its results are read, never memoised
  const virtualizer = useVirtualizer({
    count: timelines.length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => timelines[index]?.latest.tid ?? index,
    overscan: OVERSCAN,
  });
  if (process === null) return <p className="hint">{t('processes.threadPanel.waiting')}</p>;
  if (!threadsReported) {
    return (
      <p className="hint" data-testid="threads-unavailable">
        {t('processes.threadPanel.threadsLabel')} <Unavailable />{' '}
        {t('processes.threadPanel.unavailableWhy')}
      </p>
    );
  }
  const items = virtualizer.getVirtualItems();
  return (
    <div className="thread-panel" data-testid="thread-panel" data-pid={process.pid}>
      <p className="hint">
        {t('processes.threadPanel.summary', {
          name: process.name,
          pid: process.pid,
          n: process.threadCount ?? t('processes.threadPanel.unknown'),
        })}
        {process.truncated && t('processes.threadPanel.truncated', { listed: timelines.length })}
        {t('processes.threadPanel.stripHint')}
      </p>
      <StateLegend cores={cores} />
      <div className="thread-table-box" ref={box}>
        <table className="thread-table" aria-rowcount={timelines.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              <th>{t('processes.threadPanel.tid')}</th>
              <th>{t('processes.threadPanel.name')}</th>
              <th>{t('processes.threadPanel.state')}</th>
              <th>{t('processes.threadPanel.cpu')}</th>
              <th>{t('processes.threadPanel.core')}</th>
              <th title={t('processes.threadPanel.splitTitle')}>
                {t('processes.threadPanel.split')}
              </th>
              <th title={t('processes.threadPanel.switchesTitle')}>
                {t('processes.threadPanel.switches')}
              </th>
              <th>{t('processes.threadPanel.stateStrip')}</th>
              <th>{t('processes.threadPanel.coreLane')}</th>
            </tr>
          </thead>
          <tbody>
            <VirtualSpacer height={items[0]?.start ?? 0} columns={COLUMN_COUNT} />
            {items.map((item) => {
              const timeline = timelines[item.index];
              if (timeline === undefined) return null;
              return (
                <ThreadRowView
                  key={timeline.latest.tid}
                  index={item.index}
                  measure={virtualizer.measureElement}
                  timeline={timeline}
                  mode={mode}
                  cores={cores}
                />
              );
            })}
            <VirtualSpacer
              height={virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)}
              columns={COLUMN_COUNT}
            />
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** One thread: its latest figures, then its state strip and core lane. */
function ThreadRowView(props: {
  index: number;
  measure: (element: Element | null) => void;
  timeline: ThreadTimeline;
  mode: CpuMode;
  cores: number;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { index, measure, mode, cores } = props;
  const { latest, cells } = props.timeline;
  return (
    <tr
      ref={measure}
      data-index={index}
      aria-rowindex={index + 2}
      data-testid="thread-row"
      data-tid={latest.tid}
    >
      <td className="num">{latest.tid}</td>
      <td>{latest.name}</td>
      <td title={stateName(latest.state, t)} className={`state state-${latest.state}`}>
        {latest.state}
      </td>
      <td className="num">
        <CpuCell percent={latest.cpuPercent} mode={mode} cores={cores} />
      </td>
      <td className="num">{latest.core === null ? <Unavailable /> : `cpu${latest.core}`}</td>
      <td className="num">
        {latest.split === null
          ? '…'
          : [latest.split.running, latest.split.ready, latest.split.blocked]
              .map((percent) => formatPercentOf100(percent))
              .join(' / ')}
      </td>
      <td className="num">
        {latest.switchesPerSec === null ? '…' : formatRate(latest.switchesPerSec)}
      </td>
      <td>
        <StateStrip cells={cells} />
      </td>
      <td>
        <CoreLane cells={cells} cores={cores} />
      </td>
    </tr>
  );
}
