import { describe, expect, it } from 'vitest';
import type { ProcessRow } from '../../../src/shared/sampling';
import {
  collapseTree,
  displayRows,
  parseHiddenColumns,
  type ColumnId,
  type TableView,
} from '../../../src/renderer/src/features/processes/table-model';

const row = (pid: number, ppid: number | null): ProcessRow => ({
  key: `${pid}:1`,
  pid,
  ppid,
  name: `p${pid}`,
  command: `p${pid}`,
  user: 'root',
  state: 'S',
  cpuPercent: 0,
  rssBytes: 0,
  threads: 1,
  voluntarySwitchesPerSec: 0,
  involuntarySwitchesPerSec: 0,
  startTime: 0,
  kernelThread: false,
  trackedBy: null,
  watched: false,
});

const view = (tree: boolean): TableView => ({
  filter: '',
  tree,
  showKernelThreads: false,
  sort: { column: 'pid', descending: false },
});

// 1 ─ 2 ─ 3 ─ 4, 1 ─ 5, and a separate root 6.
const ROWS = [row(1, 0), row(2, 1), row(3, 2), row(4, 3), row(5, 1), row(6, 0)];
const pids = (rows: { row: ProcessRow }[]): number[] => rows.map((shown) => shown.row.pid);

describe('collapseTree', () => {
  it('marks rows with children and hides nothing while all are expanded', () => {
    const out = collapseTree(displayRows(ROWS, view(true)), new Set());
    expect(pids(out)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(out.map((shown) => shown.hasChildren)).toEqual([true, true, true, false, false, false]);
    expect(out.every((shown) => !shown.collapsed)).toBe(true);
  });

  it('hides every descendant of a collapsed row, and only those', () => {
    const out = collapseTree(displayRows(ROWS, view(true)), new Set(['2:1']));
    expect(pids(out)).toEqual([1, 2, 5, 6]);
    expect(out[1]).toMatchObject({ hasChildren: true, collapsed: true, depth: 1 });
  });

  it('keeps a collapse inside a collapsed subtree hidden and remembered', () => {
    const out = collapseTree(displayRows(ROWS, view(true)), new Set(['1:1', '3:1']));
    expect(pids(out)).toEqual([1, 6]);
    const reopened = collapseTree(displayRows(ROWS, view(true)), new Set(['3:1']));
    expect(pids(reopened)).toEqual([1, 2, 3, 5, 6]);
  });

  it('ignores collapses in the flat view and on rows without children', () => {
    expect(pids(collapseTree(displayRows(ROWS, view(false)), new Set(['1:1'])))).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    const leaf = collapseTree(displayRows(ROWS, view(true)), new Set(['4:1']));
    expect(pids(leaf)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(leaf[3]?.collapsed).toBe(false);
  });
});

describe('parseHiddenColumns', () => {
  const known: ColumnId[] = ['pid', 'name', 'user', 'rss', 'command'];
  it('keeps known optional columns in display order', () => {
    expect(parseHiddenColumns('["command","user"]', known)).toEqual(['user', 'command']);
  });
  it('never hides PID or Name and drops unknown or malformed values', () => {
    expect(parseHiddenColumns('["pid","name","bogus","rss"]', known)).toEqual(['rss']);
    expect(parseHiddenColumns('{not json', known)).toEqual([]);
    expect(parseHiddenColumns('{"user":true}', known)).toEqual([]);
    expect(parseHiddenColumns(null, known)).toEqual([]);
  });
});

describe('sorting by CPU', () => {
  const withCpu = (pid: number, cpuPercent: number): ProcessRow => ({ ...row(pid, 0), cpuPercent });
  const byCpu: TableView = { ...view(false), sort: { column: 'cpu', descending: true } };

  it('keeps pid order among processes whose shown CPU % reads the same', () => {
    const rows = [withCpu(9, 1.04), withCpu(3, 1.01), withCpu(5, 0.96), withCpu(7, 2.5)];
    // 1.04, 1.01 and 0.96 all read "1.0 %": they stay in pid order under the 2.5 % one.
    expect(pids(displayRows(rows, byCpu))).toEqual([7, 3, 5, 9]);
  });

  it('still orders figures that read differently', () => {
    const rows = [withCpu(1, 0.2), withCpu(2, 0.3), withCpu(3, 0.26)];
    expect(pids(displayRows(rows, byCpu))).toEqual([2, 3, 1]);
  });
});
