import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../lib/issue-text';
import type { CpuMode, ProcessRow } from '../../../../shared/sampling';
import { OnScreen } from '../../components/OnScreen';
import { frozenWhileHidden } from '../../hooks/frozen-while-hidden';
import { useLab } from '../../hooks/lab';
import { useTabVisible } from '../../hooks/tab-visibility';
import { ProcessActions } from './ProcessActions';
import { ProcessHistory } from './ProcessHistory';
import { ProcessTable } from './ProcessTable';
import './processes.css';
import { SystemSummary } from './SystemSummary';
import { TableInterval } from './TableInterval';
import { TableToolbar } from './TableToolbar';
import { displayRows, type ColumnId, type TableView } from './table-model';
import { ThreadCountChart } from './ThreadCountChart';
import { ThreadPanel } from './ThreadPanel';
import { useProcessSamplingState, useProcessTable, useThreadHistory } from './use-process-data';
import { useFollowNewest } from './use-follow-newest';
import { useProcessShortcuts } from './use-process-shortcuts';
import { WatchList } from './WatchList';

/** Columns that read best largest-first when first clicked. */
const DESCENDING_FIRST = new Set<ColumnId>(['cpu', 'rss', 'threads', 'voluntary', 'involuntary']);

/**
 * The Processes tab: every process (sortable, filterable, as a tree), the threads of the
 * watched process with their running / ready / blocked history, and thread counts over time.
 * Selecting a row watches it (and stops watching the previous selection).
 */
export function ProcessesTab(): React.JSX.Element {
  const visible = useTabVisible();
  const table = useProcessTable();
  const samplingState = useProcessSamplingState();
  const threadSamples = useThreadHistory();
  return (
    <ProcessesView
      visible={visible}
      table={table}
      samplingState={samplingState}
      threadSamples={threadSamples}
    />
  );
}

/** The tab's content; while the tab is hidden, new samples re-render none of it. */
const ProcessesView = frozenWhileHidden(function ProcessesView(props: {
  visible: boolean;
  table: ReturnType<typeof useProcessTable>;
  samplingState: ReturnType<typeof useProcessSamplingState>;
  threadSamples: ReturnType<typeof useThreadHistory>;
}): React.JSX.Element {
  const { table, samplingState, threadSamples } = props;
  const { t } = useTranslation();
  const lab = useLab();
  const [mode, setMode] = useState<CpuMode>('core');
  const [view, setView] = useState<TableView>({
    filter: '',
    tree: false,
    showKernelThreads: false,
    sort: { column: 'cpu', descending: true },
  });
  const [selected, setSelected] = useState<ProcessRow | null>(null);
  const [error, setError] = useState<string | null>(null);
  // F9 / k: which process's signal menu to open (a new object each time, so it opens again).
  const [signalAsk, setSignalAsk] = useState<{ pid: number } | null>(null);
  const root = useRef<HTMLElement>(null);
  const rows = useMemo(() => displayRows(table.rows, view), [table.rows, view]);
  const cores = table.logicalCores;
  const capabilities = samplingState?.capabilities ?? null;
  const watched = samplingState?.watched ?? [];
  const [shownKey, setShownKey] = useState<string | null>(null);
  const follow = useFollowNewest(threadSamples, table.rows);
  const shown = follow.shown(shownKey ?? selected?.key ?? watched[0]?.key ?? null);

  const showError = (reason: unknown): void => setError(errorText(reason, t));

  const select = (row: ProcessRow): void => {
    setError(null);
    setSignalAsk(null);
    if (selected !== null && selected.pid !== row.pid) {
      lab.call('processes:unwatch', { pid: selected.pid }).catch(showError);
    }
    setSelected(row);
    setShownKey(row.key);
    follow.pin();
    lab.call('processes:watch', { pid: row.pid }).catch(showError);
  };

  const askSignal = (row: ProcessRow | null): void => {
    if (row === null) return;
    if (row.key !== selected?.key) select(row);
    setSignalAsk({ pid: row.pid });
  };
  useProcessShortcuts(props.visible, root, {
    toggleTree: () => setView((current) => ({ ...current, tree: !current.tree })),
    signal: () => askSignal(selected),
  });

  const sortBy = (column: ColumnId): void =>
    setView((current) => ({
      ...current,
      sort: {
        column,
        descending:
          current.sort.column === column ? !current.sort.descending : DESCENDING_FIRST.has(column),
      },
    }));

  return (
    <section
      className="processes-tab"
      data-testid="processes-tab"
      data-ticks={table.ticks}
      ref={root}
    >
      <section className="panel">
        <header className="panel-header">
          <h2>{t('processes.tab.system')}</h2>
          <span className="hint">{t('processes.tab.systemHint')}</span>
        </header>
        <SystemSummary />
      </section>
      <section className="panel">
        <header className="panel-header">
          <h2>{t('processes.tab.processes')}</h2>
          <span className="hint">{t('processes.tab.processesHint')}</span>
        </header>
        <TableToolbar
          view={view}
          onView={setView}
          mode={mode}
          onMode={setMode}
          cores={cores}
          shown={rows.length}
          totals={table.totals}
          costMs={table.costMs}
        >
          <TableInterval intervalMs={samplingState?.tableIntervalMs ?? null} onError={showError} />
        </TableToolbar>
        <ProcessTable
          rows={rows}
          sort={view.sort}
          onSort={sortBy}
          selectedKey={selected?.key ?? null}
          onSelect={select}
          mode={mode}
          cores={cores}
          switchesReported={capabilities?.contextSwitches ?? false}
          onSignalKey={askSignal}
        />
        {selected !== null && (
          <ProcessActions
            key={selected.key}
            row={selected}
            signalAsk={signalAsk?.pid === selected.pid ? signalAsk : null}
          />
        )}
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </section>
      <section className="panel">
        <header className="panel-header">
          <h2>{t('processes.tab.threads')}</h2>
          <span className="hint">{t('processes.tab.threadsHint')}</span>
        </header>
        <WatchList
          watched={watched}
          shownKey={shown}
          onShow={(key) => {
            follow.pin();
            setShownKey(key);
          }}
          follow={follow}
          onUnwatch={(pid) => lab.call('processes:unwatch', { pid }).catch(showError)}
        />
        {shown !== null && <ProcessHistory processKey={shown} mode={mode} cores={cores} />}
        {shown !== null && (
          <OnScreen>
            <ThreadPanel
              samples={threadSamples}
              processKey={shown}
              mode={mode}
              cores={cores}
              threadsReported={capabilities?.threads ?? true}
              processAlive={table.rows.some((row) => row.key === shown)}
            />
          </OnScreen>
        )}
      </section>
      <OnScreen>
        <ThreadCountChart samples={threadSamples} />
      </OnScreen>
    </section>
  );
});
