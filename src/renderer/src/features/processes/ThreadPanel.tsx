import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CpuMode, ThreadsSample } from '../../../../shared/sampling';
import { cpuText, Unavailable } from './Cells';
import { formatPercentOf100, formatRate } from '../../lib/format';
import { stateName } from './state-names';
import { CoreLane, StateLegend, StateStrip } from './StateStrip';
import { threadTimelines, type ThreadTimeline } from './thread-history';
import {
  INITIAL_THREAD_VIEW,
  nextThreadSort,
  processEnded,
  visibleThreads,
  type ThreadSortColumn,
  type ThreadView,
} from './thread-panel-model';
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
  /** True while the process table still lists the process (an unwatched one has not ended). */
  processAlive: boolean;
}

/**
 * The threads of one watched process: one row each with name, state, CPU %, core and its
 * running / ready / blocked split, then a state strip and a core lane over the last minute.
 * Only the rows in view are in the page (a process may have hundreds of threads).
 */
export function ThreadPanel(props: ThreadPanelProps): React.JSX.Element {
  const { t } = useTranslation();
  const { samples, processKey, mode, cores, threadsReported, processAlive } = props;
  // An ended process drops out of the window after a minute: keep its last rows for the panel.
  const kept = useRef<{ key: string; found: ReturnType<typeof threadTimelines> } | null>(null);
  let found = threadTimelines(samples, processKey);
  if (found.process !== null) kept.current = { key: processKey, found };
  else if (kept.current?.key === processKey) found = kept.current.found;
  const { process, timelines } = found;
  const [view, setView] = useState<ThreadView>(INITIAL_THREAD_VIEW);
  const shown = visibleThreads(timelines, view);
  const box = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- its results are read, never memoised
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => shown[index]?.latest.tid ?? index,
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
  // A process that exited keeps its last rows (greyed) so what it did stays readable.
  const ended = !processAlive && processEnded(samples, processKey);
  const sortHeader = (
    column: ThreadSortColumn,
    label: string,
    title?: string,
  ): React.JSX.Element => (
    <th
      key={column}
      title={title}
      aria-sort={
        view.sort?.column === column ? (view.sort.descending ? 'descending' : 'ascending') : 'none'
      }
    >
      <button
        type="button"
        onClick={() =>
          setView((current) => ({ ...current, sort: nextThreadSort(current, column) }))
        }
      >
        {label}
        {view.sort?.column === column ? (view.sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
  return (
    <div
      className={ended ? 'thread-panel ended' : 'thread-panel'}
      data-testid="thread-panel"
      data-pid={process.pid}
    >
      {ended && (
        <p role="status" className="thread-ended" data-testid="thread-panel-ended">
          {t('processes.threadPanel.ended', { pid: process.pid })}
        </p>
      )}
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
      <div className="thread-toolbar">
        <input
          type="search"
          aria-label={t('processes.threadPanel.filterLabel')}
          placeholder={t('processes.threadPanel.filterPlaceholder')}
          value={view.filter}
          onChange={(event) => setView((current) => ({ ...current, filter: event.target.value }))}
        />
        <label title={t('processes.threadPanel.hideIdleTitle')}>
          <input
            type="checkbox"
            checked={view.hideIdle}
            onChange={(event) =>
              setView((current) => ({ ...current, hideIdle: event.target.checked }))
            }
          />{' '}
          {t('processes.threadPanel.hideIdle')}
        </label>
      </div>
      {shown.length === 0 && timelines.length > 0 && (
        <p className="hint">{t('processes.threadPanel.noMatch')}</p>
      )}
      <div className="thread-table-box" ref={box}>
        <table className="thread-table" aria-rowcount={shown.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              {sortHeader('tid', t('processes.threadPanel.tid'))}
              {sortHeader('name', t('processes.threadPanel.name'))}
              {sortHeader('state', t('processes.threadPanel.state'))}
              {sortHeader('cpu', t('processes.threadPanel.cpu'))}
              <th>{t('processes.threadPanel.core')}</th>
              <th title={t('processes.threadPanel.splitTitle')}>
                {t('processes.threadPanel.split')}
              </th>
              {sortHeader(
                'switches',
                t('processes.threadPanel.switches'),
                t('processes.threadPanel.switchesTitle'),
              )}
              <th>{t('processes.threadPanel.stateStrip')}</th>
              <th>{t('processes.threadPanel.coreLane')}</th>
            </tr>
          </thead>
          <tbody>
            <VirtualSpacer height={items[0]?.start ?? 0} columns={COLUMN_COUNT} />
            {items.map((item) => {
              const timeline = shown[item.index];
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
      <td className="num">{cpuText(latest.cpuPercent, mode, cores)}</td>
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
