import type { ProcessRow } from '../../../../shared/sampling';

/** A sortable column of the process table. */
export type ColumnId =
  | 'pid'
  | 'name'
  | 'user'
  | 'state'
  | 'cpu'
  | 'cpuHistory'
  | 'rss'
  | 'threads'
  | 'voluntary'
  | 'involuntary'
  | 'start'
  | 'command';

/** Sort order: a column and a direction. */
export interface SortOrder {
  column: ColumnId;
  descending: boolean;
}

/** What the table shows: filter text, tree or flat, kernel threads or not, and the order. */
export interface TableView {
  filter: string;
  tree: boolean;
  showKernelThreads: boolean;
  sort: SortOrder;
}

/** A row as displayed: the process and its depth in the tree (0 when flat). */
export interface DisplayRow {
  row: ProcessRow;
  depth: number;
}

type SortValue = number | string | null;

/**
 * CPU % to the tenth the table shows: processes whose figures read the same keep their pid
 * order, so rows do not trade places every tick over differences nobody can see (and each
 * tick repaints only the rows whose shown figures changed).
 */
function shownCpu(row: ProcessRow): number | null {
  return row.cpuPercent === null ? null : Math.round(row.cpuPercent * 10);
}

const SORT_VALUE: Record<ColumnId, (row: ProcessRow) => SortValue> = {
  pid: (row) => row.pid,
  name: (row) => row.name.toLowerCase(),
  user: (row) => row.user,
  state: (row) => row.state,
  cpu: (row) => shownCpu(row),
  cpuHistory: (row) => shownCpu(row), // not offered: its header is no sort button
  rss: (row) => row.rssBytes,
  threads: (row) => row.threads,
  voluntary: (row) => row.voluntarySwitchesPerSec,
  involuntary: (row) => row.involuntarySwitchesPerSec,
  start: (row) => row.startTime,
  command: (row) => row.command.toLowerCase(),
};

/** Compares two rows by a column; unavailable values (null) always sort last. */
export function compareRows(a: ProcessRow, b: ProcessRow, sort: SortOrder): number {
  const x = SORT_VALUE[sort.column](a);
  const y = SORT_VALUE[sort.column](b);
  if (x === null || y === null) return x === y ? a.pid - b.pid : x === null ? 1 : -1;
  const order = x < y ? -1 : x > y ? 1 : 0;
  if (order === 0) return a.pid - b.pid;
  return sort.descending ? -order : order;
}

/** True when a row matches the filter: name, command or user contains it, or pid starts with it. */
export function matchesFilter(row: ProcessRow, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return (
    String(row.pid).startsWith(needle) ||
    row.name.toLowerCase().includes(needle) ||
    row.command.toLowerCase().includes(needle) ||
    (row.user?.toLowerCase().includes(needle) ?? false)
  );
}

/**
 * The rows to display: kernel threads dropped unless asked for, filtered, sorted. In tree
 * view children follow their parent (each level sorted the same way); a process whose
 * parent is hidden or filtered out starts a tree of its own.
 */
export function displayRows(rows: Iterable<ProcessRow>, view: TableView): DisplayRow[] {
  const shown: ProcessRow[] = [];
  for (const row of rows) {
    if (row.kernelThread && !view.showKernelThreads) continue;
    if (matchesFilter(row, view.filter)) shown.push(row);
  }
  const byOrder = (a: ProcessRow, b: ProcessRow): number => compareRows(a, b, view.sort);
  if (!view.tree) return shown.sort(byOrder).map((row) => ({ row, depth: 0 }));

  const pids = new Set(shown.map((row) => row.pid));
  const children = new Map<number, ProcessRow[]>();
  const roots: ProcessRow[] = [];
  for (const row of shown) {
    if (row.ppid !== null && row.ppid !== row.pid && pids.has(row.ppid)) {
      const siblings = children.get(row.ppid) ?? [];
      siblings.push(row);
      children.set(row.ppid, siblings);
    } else roots.push(row);
  }
  const out: DisplayRow[] = [];
  const visit = (row: ProcessRow, depth: number): void => {
    out.push({ row, depth });
    for (const child of (children.get(row.pid) ?? []).sort(byOrder)) visit(child, depth + 1);
  };
  for (const root of roots.sort(byOrder)) visit(root, 0);
  return out;
}

/** A displayed row that may hold a subtree: whether it has children and whether they are hidden. */
export interface TreeRow extends DisplayRow {
  hasChildren: boolean;
  collapsed: boolean;
}

/**
 * Hides the descendants of collapsed rows. Works on displayRows' output, where a row's
 * descendants are the rows right after it that sit deeper; a flat list (all depth 0) has no
 * subtrees, so collapsing there hides nothing. Rows are keyed by `key`, not pid, so a reused
 * pid does not inherit a collapse.
 */
export function collapseTree(rows: DisplayRow[], collapsed: ReadonlySet<string>): TreeRow[] {
  const out: TreeRow[] = [];
  // Depth of the collapsed row whose subtree we are skipping, or null when not skipping.
  let hideDeeperThan: number | null = null;
  rows.forEach((shown, index) => {
    if (hideDeeperThan !== null && shown.depth > hideDeeperThan) return;
    hideDeeperThan = null;
    const hasChildren = (rows[index + 1]?.depth ?? -1) > shown.depth;
    const isCollapsed = hasChildren && collapsed.has(shown.row.key);
    if (isCollapsed) hideDeeperThan = shown.depth;
    out.push({ ...shown, hasChildren, collapsed: isCollapsed });
  });
  return out;
}

/** Columns always shown: without them a row cannot be told apart. */
export const REQUIRED_COLUMNS: ReadonlySet<ColumnId> = new Set<ColumnId>(['pid', 'name']);

/** Parses the remembered hidden columns, dropping unknown and required ones (old or hand-edited). */
export function parseHiddenColumns(stored: string | null, known: readonly ColumnId[]): ColumnId[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return known.filter((id) => parsed.includes(id) && !REQUIRED_COLUMNS.has(id));
}
