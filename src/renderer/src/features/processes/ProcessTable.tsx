import { memo } from 'react';
import type { CpuMode, ProcessRow } from '../../../../shared/sampling';
import { formatBytes, formatClockTime, formatRate } from '../../lib/format';
import { CpuCell, Maybe } from './Cells';
import { stateName } from './state-names';
import type { ColumnId, DisplayRow, SortOrder } from './table-model';

/** Columns in display order, with their headers and what they mean. */
const COLUMNS: { id: ColumnId; label: string; title: string }[] = [
  { id: 'pid', label: 'PID', title: 'process id' },
  { id: 'name', label: 'Name', title: 'short name (comm)' },
  { id: 'user', label: 'User', title: 'owner' },
  {
    id: 'state',
    label: 'State',
    title: 'R running/runnable, S sleeping, D blocked on I/O, Z zombie',
  },
  { id: 'cpu', label: 'CPU', title: 'CPU over the last table interval' },
  { id: 'rss', label: 'Memory', title: 'resident memory (RSS)' },
  { id: 'threads', label: 'Threads', title: 'number of threads' },
  {
    id: 'voluntary',
    label: 'Vol. sw/s',
    title: 'voluntary context switches/s of the main thread (it waited)',
  },
  {
    id: 'involuntary',
    label: 'Invol. sw/s',
    title: 'involuntary context switches/s of the main thread (preempted)',
  },
  { id: 'start', label: 'Started', title: 'start time' },
  { id: 'command', label: 'Command', title: 'command line' },
];

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
}

/** The process table: click a header to sort by it (again to reverse), a row to watch it. */
export function ProcessTable(props: ProcessTableProps): React.JSX.Element {
  const { rows, sort, onSort, selectedKey, onSelect, mode, cores, switchesReported } = props;
  return (
    <div className="process-table-box">
      <table className="process-table" data-testid="process-table">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th
                key={column.id}
                title={column.title}
                aria-sort={
                  sort.column === column.id
                    ? sort.descending
                      ? 'descending'
                      : 'ascending'
                    : 'none'
                }
              >
                <button type="button" onClick={() => onSort(column.id)}>
                  {column.label}
                  {sort.column === column.id ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ row, depth }) => (
            <ProcessRowView
              key={row.key}
              row={row}
              depth={depth}
              selected={row.key === selectedKey}
              onSelect={onSelect}
              mode={mode}
              cores={cores}
              switchesReported={switchesReported}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One process; re-renders only when its row object (i.e. one of its values) changed. */
const ProcessRowView = memo(function ProcessRowView(props: {
  row: ProcessRow;
  depth: number;
  selected: boolean;
  onSelect: (row: ProcessRow) => void;
  mode: CpuMode;
  cores: number;
  switchesReported: boolean;
}): React.JSX.Element {
  const { row, depth, selected, onSelect, mode, cores, switchesReported } = props;
  const pending = switchesReported && row.voluntarySwitchesPerSec === null;
  const classes = [
    row.trackedBy ? 'tracked' : '',
    selected ? 'selected' : '',
    row.watched ? 'watched' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <tr
      className={classes}
      data-pid={row.pid}
      data-tracked={row.trackedBy ?? undefined}
      aria-selected={selected}
      onClick={() => onSelect(row)}
    >
      <td className="num">{row.pid}</td>
      <td className="name" style={{ paddingLeft: `${6 + depth * 14}px` }}>
        {depth > 0 && <span className="tree-mark">└ </span>}
        {row.name}
        {row.trackedBy && <span className="badge">{row.trackedBy}</span>}
      </td>
      <td>
        <Maybe value={row.user} format={String} />
      </td>
      <td title={stateName(row.state)} className={`state state-${row.state}`}>
        {row.state}
      </td>
      <td className="num">
        <CpuCell percent={row.cpuPercent} mode={mode} cores={cores} />
      </td>
      <td className="num">
        <Maybe value={row.rssBytes} format={formatBytes} />
      </td>
      <td className="num">
        <Maybe value={row.threads} format={String} />
      </td>
      <td className="num">
        {pending ? '…' : <Maybe value={row.voluntarySwitchesPerSec} format={formatRate} />}
      </td>
      <td className="num">
        {pending ? '…' : <Maybe value={row.involuntarySwitchesPerSec} format={formatRate} />}
      </td>
      <td>
        <Maybe value={row.startTime} format={formatClockTime} />
      </td>
      <td className="command" title={row.command}>
        {row.command}
      </td>
    </tr>
  );
});
