import { describe, expect, it } from 'vitest';
import {
  parseLoadavg,
  parseMeminfo,
  parsePasswd,
  parseProcStat,
} from '../../../../src/core/sampling/system-parsers';

// Captured from a 2-core Linux 6.x machine.
const PROC_STAT = `cpu  5466 0 2261 48652 302 0 87 12 0 0
cpu0 2304 0 1025 24992 68 0 12 5 0 0
cpu1 3161 0 1236 23660 233 0 74 7 0 0
intr 269085 0 0 0
ctxt 704322
btime 1795279169
processes 6909
procs_running 5
procs_blocked 1
softirq 141208 0 12530 4 14240 55042 0 2 28390 0 31000
`;

describe('parseProcStat', () => {
  it('reads per-core ticks, context switches, boot time and task counts', () => {
    const stat = parseProcStat(PROC_STAT);
    expect(stat.cores.map((core) => core.id)).toEqual([0, 1]);
    expect(stat.cores[1]?.ticks).toEqual({
      user: 3161,
      nice: 0,
      system: 1236,
      idle: 23660,
      iowait: 233,
      irq: 0,
      softirq: 74,
      steal: 7,
    });
    expect(stat.total?.idle).toBe(48652);
    expect(stat).toMatchObject({
      contextSwitches: 704322,
      bootTimeSec: 1795279169,
      forks: 6909,
      procsRunning: 5,
      procsBlocked: 1,
    });
  });

  it('keeps core ids when a core is offline, and nulls columns an old kernel lacks', () => {
    const stat = parseProcStat('cpu  10 0 5 100\ncpu0 5 0 2 50\ncpu2 5 0 3 50\n');
    expect(stat.cores.map((core) => core.id)).toEqual([0, 2]);
    expect(stat.cores[0]?.ticks).toMatchObject({ iowait: null, irq: null, steal: null });
    expect(stat.contextSwitches).toBeNull();
  });

  it('ignores junk and truncated cpu lines', () => {
    expect(parseProcStat('cpu0 1 2\ngarbage\n\n').cores).toEqual([]);
  });
});

describe('parseMeminfo', () => {
  it('reads kB lines as bytes', () => {
    const text =
      'MemTotal:       24684084 kB\nMemFree:        24318480 kB\nMemAvailable:   24323232 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nHugePages_Total:       0\n';
    expect(parseMeminfo(text)).toEqual({
      totalBytes: 24684084 * 1024,
      freeBytes: 24318480 * 1024,
      availableBytes: 24323232 * 1024,
      swapTotalBytes: 0,
      swapFreeBytes: 0,
    });
  });

  it('gives null for lines an old kernel lacks (MemAvailable came in 3.14)', () => {
    expect(parseMeminfo('MemTotal: 1000 kB\nMemFree: 10 kB\n').availableBytes).toBeNull();
  });
});

describe('parseLoadavg', () => {
  it('reads loads, runnable/total tasks and the last pid', () => {
    expect(parseLoadavg('0.13 0.24 0.11 1/86 5599\n')).toEqual({
      load: [0.13, 0.24, 0.11],
      runnable: 1,
      tasks: 86,
      lastPid: 5599,
    });
  });

  it('returns null without load figures and null fields for missing ones', () => {
    expect(parseLoadavg('')).toBeNull();
    expect(parseLoadavg('1.0 2.0 3.0')).toEqual({
      load: [1, 2, 3],
      runnable: null,
      tasks: null,
      lastPid: null,
    });
  });
});

describe('parsePasswd', () => {
  it('maps uids to names, first entry wins, comments skipped', () => {
    const users = parsePasswd(
      '# comment\nroot:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\ndup:x:0:0::/:/bin/sh\nbroken\n',
    );
    expect(users.get(0)).toBe('root');
    expect(users.get(1000)).toBe('alice');
    expect(users.size).toBe(2);
  });
});
