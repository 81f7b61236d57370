import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { CpuMode, ProcessRow } from '../../../../shared/sampling';
import { formatBytes, formatClockTime, formatRate } from '../../lib/format';
import { TABLE_VIEW, useFrameTask } from '../../charts/use-frame-task';
import { cpuText, CpuHistoryCell, maybe } from './Cells';
import { shownCommand } from './command-text';
import { useHiddenColumns } from './column-choice';
import { paintHistoryCells } from './history-cells';
import { processHistory } from './process-history';
import './process-history.css';
import { stateName } from './state-names';
import { collapseTree, type ColumnId, type DisplayRow, type SortOrder } from './table-model';
import { useRowKeys } from './use-row-keys';
import { VirtualSpacer } from './VirtualSpacer';

/** A row's height before it is measured (one line of 12 px text). */
const ROW_HEIGHT = 21;
/** Rows rendered beyond each edge of the view, so a scroll shows rows, not gaps. */
const OVERSCAN = 10;

/**
 * Columns in display order, with their widths in px (the table's layout is fixed, so rows
 * scrolling in and out never move the columns; the command takes the rest). Each header and its
 * meaning are texts: processes.columns.<id>.label / .title.
 */
const COLUMNS: { id: ColumnId; width?: number }[] = [
  { id: 'pid', width: 64 },
  { id: 'name', width: 170 },
  { id: 'user', width: 90 },
  { id: 'state', width: 52 },
  { id: 'cpu', width: 70 },
  // 20 one-cell glyphs at 12 px (about 145 px in DejaVu Sans Mono) and the cell's padding.
  { id: 'cpuHistory', width: 160 },
  { id: 'rss', width: 84 },
  { id: 'threads', width: 70 },
  { id: 'voluntary', width: 88 },
  { id: 'involuntary', width: 96 },
  { id: 'start', width: 84 },
  { id: 'command' },
];

/** Whether a column's header sorts: a history has no one value to sort by. */
const SORTABLE = (id: ColumnId): boolean => id !== 'cpuHistory';

/** Props of the process table. */
export interface ProcessTableProps {
  rows: DisplayRow[];
  sort: SortOrder;
  onSort: (column: ColumnId) => void;
  selectedKey: string | null;
  onSelect: (row: ProcessRow) => void;
  mode: CpuMode;
  cores: number;
  /** True where the OS reports context switches (a null is then "not measured yet"). */
  switchesReported: boolean;
  /** F9 or k on a row: the signal menu for that process. */
  onSignalKey?: (row: ProcessRow) => void;
}

/**
 * The process table: click a header to sort by it (again to reverse), a row to watch it (or
 * arrows to a row and Enter; F9 or k asks for its signal menu). Only
 * the rows in view (and a few either side) are in the page; spacer rows stand for the rest, and
 * aria-rowcount / aria-rowindex tell a screen reader where a row sits in the whole table.
 */
export function ProcessTable(props: ProcessTableProps): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const { sort, onSort, selectedKey, mode, cores, switchesReported } = props;
  const hidden = useHiddenColumns();
  const columns = useMemo(() => COLUMNS.filter((column) => !hidden.includes(column.id)), [hidden]);
  // Collapsed subtrees, by row key; kept while the view changes, so tree view off and on again
  // finds them as they were.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const rows = useMemo(() => collapseTree(props.rows, collapsed), [props.rows, collapsed]);
  const setRowCollapsed = useCallback((key: string, collapse: boolean) => {
    setCollapsed((current) => {
      if (current.has(key) === collapse) return current;
      const next = new Set(current);
      if (collapse) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  const box = useRef<HTMLDivElement>(null);
  // Rows are memoised: hand them one callback for good, which calls the latest onSelect.
  const latestSelect = useRef(props.onSelect);
  useEffect(() => {
    latestSelect.current = props.onSelect;
  });
  const onSelect = useCallback((row: ProcessRow) => latestSelect.current(row), []);
  // eslint-disable-next-line react-hooks/incompatible-library -- its results are read, never memoised
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_HEIGHT,
    // Rows are keyed by their place, not their process: when a tick re-sorts the table, each
    // place's row updates its text instead of being moved in the DOM (a move re-lays out the
    // table and repaints every row it passes).
    overscan: OVERSCAN,
  });
  const items = virtualizer.getVirtualItems();
  // The command column's width decides how much of each command its cells hold (command-text.ts).
  const [commandWidth, setCommandWidth] = useState<number | null>(null);
  const measureCommand = useCallback((header: HTMLTableCellElement) => {
    const resize = new ResizeObserver(() =>
      setCommandWidth(Math.ceil(header.getBoundingClientRect().width)),
    );
    resize.observe(header);
    return () => resize.disconnect();
  }, []);
  // The history column moves along once per frame after a tick, without re-rendering rows.
  const paintHistory = useFrameTask(paintHistoryCells, TABLE_VIEW);
  useEffect(() => processHistory.subscribe(paintHistory), [paintHistory]);
  const keys = useRowKeys(rows.length, box, (index) => virtualizer.scrollToIndex(index), {
    onEnter: (index) => rows[index] && onSelect(rows[index].row),
    onSignal: (index) => rows[index] && props.onSignalKey?.(rows[index].row),
    onCollapse: (index, collapse) => {
      const shown = rows[index];
      if (shown === undefined || !shown.hasChildren || shown.collapsed === collapse) return false;
      setRowCollapsed(shown.row.key, collapse);
      return true;
    },
  });
  return (
    <div className="process-table-box" ref={box}>
      <table
        className="process-table"
        data-testid="process-table"
        aria-rowcount={rows.length + 1}
        onKeyDown={keys.onKeyDown}
        onFocus={keys.onFocus}
      >
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => (
              <th
                key={column.id}
                ref={column.id === 'command' ? measureCommand : undefined}
                title={t(`processes.columns.${column.id}.title`)}
                className={SORTABLE(column.id) ? undefined : 'unsorted'}
                style={column.width === undefined ? undefined : { width: column.width }}
                aria-sort={
                  !SORTABLE(column.id)
                    ? undefined
                    : sort.column === column.id
                      ? sort.descending
                        ? 'descending'
                        : 'ascending'
                      : 'none'
                }
              >
                {SORTABLE(column.id) ? (
                  <button type="button" onClick={() => onSort(column.id)}>
                    {t(`processes.columns.${column.id}.label`)}
                    {sort.column === column.id ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </button>
                ) : (
                  t(`processes.columns.${column.id}.label`)
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <VirtualSpacer height={items[0]?.start ?? 0} columns={columns.length} />
          {items.map((item) => {
            const shown = rows[item.index];
            if (shown === undefined) return null;
            return (
              <ProcessRowView
                key={item.index}
                index={item.index}
                measure={virtualizer.measureElement}
                row={shown.row}
                depth={shown.depth}
                tree={shown.hasChildren ? (shown.collapsed ? 'collapsed' : 'expanded') : null}
                onCollapse={setRowCollapsed}
                columns={columns}
                selected={shown.row.key === selectedKey}
                focusable={item.index === keys.focusIndex}
                onSelect={onSelect}
                mode={mode}
                cores={cores}
                switchesReported={switchesReported}
                commandWidth={commandWidth}
                t={t}
                language={i18n.language}
              />
            );
          })}
          <VirtualSpacer
            height={virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0)}
            columns={columns.length}
          />
        </tbody>
      </table>
    </div>
  );
}

/** One process; re-renders only when its row object (i.e. one of its values) changed. */
const ProcessRowView = memo(function ProcessRowView(props: {
  /** Position in the whole (filtered, sorted) table, from 0. */
  index: number;
  /** Measures the rendered row, so rows below it are placed right. */
  measure: (element: Element | null) => void;
  row: ProcessRow;
  depth: number;
  /** Whether its subtree shows; null when it has none. */
  tree: 'collapsed' | 'expanded' | null;
  onCollapse: (key: string, collapse: boolean) => void;
  /** The columns shown, in order. */
  columns: { id: ColumnId }[];
  selected: boolean;
  /** The one row in the tab order (roving tabindex). */
  focusable: boolean;
  onSelect: (row: ProcessRow) => void;
  mode: CpuMode;
  cores: number;
  switchesReported: boolean;
  /** The command column's width, px (null until measured): how much of the command to hold. */
  commandWidth: number | null;
  /**
   * The table's translation function and language: one useTranslation for the table instead of
   * one per row (each costs a little on every re-render, and a tick re-renders most rows).
   */
  t: TFunction;
  language: string;
}): React.JSX.Element {
  const { index, measure, row, depth, tree, selected, focusable, onSelect, mode, cores } = props;
  const { switchesReported, commandWidth, t, language } = props;
  const pending = switchesReported && row.voluntarySwitchesPerSec === null;
  const classes = [
    row.trackedBy ? 'tracked' : '',
    selected ? 'selected' : '',
    row.watched ? 'watched' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const toggle =
    tree === null ? null : (
      <button
        type="button"
        className="tree-toggle"
        // Out of the tab order: the row is the one stop, and ← / → on it do the same.
        tabIndex={-1}
        aria-expanded={tree === 'expanded'}
        aria-label={t(tree === 'expanded' ? 'processes.tree.collapse' : 'processes.tree.expand', {
          name: row.name,
        })}
        onClick={(event) => {
          event.stopPropagation(); // a toggle is not a click on the row (which watches it)
          props.onCollapse(row.key, tree === 'expanded');
        }}
      >
        {tree === 'expanded' ? '▾' : '▸'}
      </button>
    );
  const cell: Record<ColumnId, React.JSX.Element> = {
    pid: <td className="num">{row.pid}</td>,
    name: (
      <td className="name" style={{ paddingLeft: `${6 + depth * 14}px` }}>
        {depth > 0 && <span className="tree-mark">└ </span>}
        {toggle}
        {row.name}
        {row.trackedBy && <span className="badge">{row.trackedBy}</span>}
      </td>
    ),
    user: <td>{maybe(row.user, String)}</td>,
    state: (
      <td title={stateName(row.state, t)} className={`state state-${row.state}`}>
        {row.state}
      </td>
    ),
    cpu: <td className="num">{cpuText(row.cpuPercent, mode, cores)}</td>,
    cpuHistory: <CpuHistoryCell processKey={row.key} mode={mode} cores={cores} t={t} />,
    rss: <td className="num">{maybe(row.rssBytes, formatBytes)}</td>,
    threads: <td className="num">{maybe(row.threads, String)}</td>,
    voluntary: (
      <td className="num">{pending ? '…' : maybe(row.voluntarySwitchesPerSec, formatRate)}</td>
    ),
    involuntary: (
      <td className="num">{pending ? '…' : maybe(row.involuntarySwitchesPerSec, formatRate)}</td>
    ),
    start: <td>{maybe(row.startTime, (ms) => formatClockTime(ms, language))}</td>,
    command: (
      // The whole command for a screen reader too: the cell itself holds only what can show.
      <td className="command" title={row.command} aria-label={row.command}>
        {shownCommand(row.command, commandWidth)}
      </td>
    ),
  };
  return (
    <tr
      ref={measure}
      data-index={index}
      aria-rowindex={index + 2}
      className={classes}
      data-pid={row.pid}
      data-tracked={row.trackedBy ?? undefined}
      aria-selected={selected}
      tabIndex={focusable ? 0 : -1}
      onClick={() => onSelect(row)}
    >
      {props.columns.map((column) => (
        <Fragment key={column.id}>{cell[column.id]}</Fragment>
      ))}
    </tr>
  );
});
