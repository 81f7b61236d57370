import { describe, expect, it } from 'vitest';
import {
  cpuInMode,
  cpuModeLabel,
  ProcessTableState,
  type ProcessRow,
} from '../../../../src/shared/sampling';

const proc = (pid: number, ppid: number): ProcessRow => ({
  key: `${pid}:1`,
  pid,
  ppid,
  name: `p${pid}`,
  command: `/bin/p${pid}`,
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

describe('ProcessTableState', () => {
  it('applies ticks in order and asks for a snapshot after a gap', () => {
    const state = new ProcessTableState();
    expect(state.apply({ seq: 5, full: false, upserts: [proc(1, 0)], removed: [] })).toBe(false);
    expect(
      state.apply({ seq: 5, full: true, upserts: [proc(1, 0), proc(2, 0)], removed: [] }),
    ).toBe(true);
    expect(state.apply({ seq: 6, full: false, upserts: [proc(3, 0)], removed: ['1:1'] })).toBe(
      true,
    );
    expect([...state.rows.keys()].sort()).toEqual(['2:1', '3:1']);
    expect(state.apply({ seq: 6, full: false, upserts: [], removed: ['2:1'] })).toBe(true); // stale
    expect(state.rows.size).toBe(2);
    expect(state.apply({ seq: 9, full: false, upserts: [], removed: [] })).toBe(false);
  });
});

describe('CPU % modes', () => {
  it('shows one busy core as 100 % or as a share of the machine, and says which', () => {
    expect(cpuInMode(100, 'core', 4)).toBe(100);
    expect(cpuInMode(100, 'machine', 4)).toBe(25);
    expect(cpuModeLabel('core', 4)).toContain('one core');
    expect(cpuModeLabel('machine', 4)).toContain('all 4 cores');
  });
});
