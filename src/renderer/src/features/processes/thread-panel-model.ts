import type { ThreadsSample } from '../../../../shared/sampling';
import type { ThreadTimeline } from './thread-history';

/** Thread-table columns a user can sort by. */
export type ThreadSortColumn = 'tid' | 'name' | 'state' | 'cpu' | 'switches';

/** How the thread panel shows its rows: filter text, idle threads hidden, sort (null: as listed). */
export interface ThreadView {
  filter: string;
  hideIdle: boolean;
  sort: { column: ThreadSortColumn; descending: boolean } | null;
}

/** The view before a user changes anything: every thread, in the order the OS lists them. */
export const INITIAL_THREAD_VIEW: ThreadView = { filter: '', hideIdle: false, sort: null };

/** Columns whose first click sorts biggest first (a busy thread is what one looks for). */
const DESCENDING_FIRST: ReadonlySet<ThreadSortColumn> = new Set(['cpu', 'switches']);

/** The sort after clicking a column's header: a second click on the same column reverses it. */
export function nextThreadSort(view: ThreadView, column: ThreadSortColumn): ThreadView['sort'] {
  if (view.sort?.column === column) return { column, descending: !view.sort.descending };
  return { column, descending: DESCENDING_FIRST.has(column) };
}

/** Idle: sleeping (S) and no CPU at all over the last tick; unknown CPU is not idle. */
export function isIdleThread(timeline: ThreadTimeline): boolean {
  return timeline.latest.state === 'S' && timeline.latest.cpuPercent === 0;
}

/** True when the text matches the thread's name (anywhere, any case) or its TID (from the start). */
function matches(timeline: ThreadTimeline, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  const { name, tid } = timeline.latest;
  return name.toLowerCase().includes(needle) || String(tid).startsWith(needle);
}

/** The value a column sorts by; null (not measured yet) always sorts last. */
function sortKey(timeline: ThreadTimeline, column: ThreadSortColumn): number | string | null {
  const row = timeline.latest;
  switch (column) {
    case 'tid':
      return row.tid;
    case 'name':
      return row.name;
    case 'state':
      return row.state;
    case 'cpu':
      return row.cpuPercent;
    case 'switches':
      return row.switchesPerSec;
  }
}

/** Compares two sort keys ascending, nulls last; ties fall back to the TID so the order is stable. */
function compare(a: ThreadTimeline, b: ThreadTimeline, column: ThreadSortColumn): number {
  const x = sortKey(a, column);
  const y = sortKey(b, column);
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return typeof x === 'string' && typeof y === 'string'
    ? x.localeCompare(y)
    : Number(x) - Number(y);
}

/** The rows to show: filtered, idle ones dropped if asked, then sorted. */
export function visibleThreads(
  timelines: readonly ThreadTimeline[],
  view: ThreadView,
): ThreadTimeline[] {
  const shown = timelines.filter(
    (timeline) => matches(timeline, view.filter) && !(view.hideIdle && isIdleThread(timeline)),
  );
  const sort = view.sort;
  if (sort === null) return shown;
  const sign = sort.descending ? -1 : 1;
  return shown.sort((a, b) => {
    const byColumn = compare(a, b, sort.column);
    // Unmeasured values stay last whichever way the column is sorted.
    if (sortKey(a, sort.column) === null || sortKey(b, sort.column) === null) return byColumn;
    return sign * byColumn || a.latest.tid - b.latest.tid;
  });
}

/** True when the newest thread sample lacks the process (asked only of one seen before). */
export function processEnded(samples: readonly ThreadsSample[], key: string): boolean {
  const newest = samples.at(-1);
  if (newest === undefined) return false;
  return !newest.processes.some((process) => process.key === key);
}
