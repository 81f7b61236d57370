import { useSyncExternalStore } from 'react';
import { parseHiddenColumns, REQUIRED_COLUMNS, type ColumnId } from './table-model';

/** Every column of the process table, in display order. */
export const ALL_COLUMNS: readonly ColumnId[] = [
  'pid',
  'name',
  'user',
  'state',
  'cpu',
  'cpuHistory',
  'rss',
  'threads',
  'voluntary',
  'involuntary',
  'start',
  'command',
];

/** The columns a user may hide (all but PID and Name). */
export const OPTIONAL_COLUMNS: readonly ColumnId[] = ALL_COLUMNS.filter(
  (id) => !REQUIRED_COLUMNS.has(id),
);

const STORAGE_KEY = 'lab.processes.hiddenColumns';
const listeners = new Set<() => void>();
// One snapshot object per change, so useSyncExternalStore sees a stable value between changes.
let hidden: readonly ColumnId[] = read();

function read(): readonly ColumnId[] {
  try {
    return parseHiddenColumns(localStorage.getItem(STORAGE_KEY), ALL_COLUMNS);
  } catch {
    return []; // storage can be refused (privacy settings): fall back to every column
  }
}

/** Shows or hides one optional column and remembers the choice for the next start. */
export function setColumnHidden(id: ColumnId, hide: boolean): void {
  if (REQUIRED_COLUMNS.has(id)) return;
  const next = new Set(hidden);
  if (hide) next.add(id);
  else next.delete(id);
  hidden = ALL_COLUMNS.filter((column) => next.has(column));
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(hidden));
  } catch {
    // not remembered, but still applied for this session
  }
  for (const listener of listeners) listener();
}

/** The hidden columns; the toolbar and the table share this one store, so both follow a change. */
export function useHiddenColumns(): readonly ColumnId[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => hidden,
  );
}
