import { describe, expect, it } from 'vitest';
import {
  decodeName,
  parseCmdline,
  parsePidStat,
  parsePidStatus,
  parseSchedstat,
} from '../../../../src/core/sampling/pid-parsers';

/** Text as the sampler reads it: the file's bytes decoded as latin1. */
const bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

// A user process (Node), captured from /proc/PID/stat; fields 14/15 utime/stime, 20 threads,
// 22 starttime, 24 rss, 39 processor.
const NODE_STAT =
  '4362 (node) S 4300 4362 4300 34816 4362 4194304 9113 0 0 0 153 41 0 0 20 0 11 0 2743 1234567168 12345 18446744073709551615 1 1 0 0 0 0 0 16781312 134235650 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

describe('parsePidStat', () => {
  it('reads the fields the sampler uses', () => {
    expect(parsePidStat(NODE_STAT)).toEqual({
      pid: 4362,
      name: 'node',
      state: 'S',
      ppid: 4300,
      kernelThread: false,
      utimeTicks: 153,
      stimeTicks: 41,
      threads: 11,
      startTicks: 2743,
      rssPages: 12345,
      processor: 1,
    });
  });

  it('takes the name up to the LAST ")": names may hold spaces and ") "', () => {
    const stat = parsePidStat(NODE_STAT.replace('(node)', '(a) b) (c d)'));
    expect(stat?.name).toBe('a) b) (c d');
    expect(stat?.state).toBe('S');
    expect(stat?.threads).toBe(11);
    expect(parsePidStat(NODE_STAT.replace('(node)', '()'))?.name).toBe('');
    expect(parsePidStat(NODE_STAT.replace('(node)', '(:))'))?.name).toBe(':)');
  });

  it('decodes UTF-8 names', () => {
    expect(parsePidStat(bytes(NODE_STAT.replace('(node)', '(café ☕)')))?.name).toBe('café ☕');
  });

  it('recognises kernel threads by the PF_KTHREAD flag', () => {
    const kthreadd =
      '2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 22 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
    const worker = kthreadd
      .replace('2 (kthreadd)', '61 (kworker/0:1-events)')
      .replace(' I ', ' I ');
    expect(parsePidStat(kthreadd)).toMatchObject({ kernelThread: true, rssPages: 0, processor: 0 });
    expect(parsePidStat(worker)).toMatchObject({ name: 'kworker/0:1-events', kernelThread: true });
  });

  it('reads zombies: state Z, no memory', () => {
    const zombie =
      '9001 (sleep) Z 9000 9000 4300 0 -1 4227084 92 0 0 0 0 0 0 0 20 0 1 0 30001 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n';
    expect(parsePidStat(zombie)).toMatchObject({ state: 'Z', rssPages: 0, threads: 1 });
  });

  it('gives a null core on a kernel without field 39, and null for lines cut before rss', () => {
    const fields = NODE_STAT.trim().split(' ');
    expect(parsePidStat(fields.slice(0, 30).join(' '))).toMatchObject({
      rssPages: 12345,
      processor: null,
    });
    expect(parsePidStat(fields.slice(0, 20).join(' '))).toBeNull();
    expect(parsePidStat('')).toBeNull();
    expect(parsePidStat('garbage')).toBeNull();
    expect(parsePidStat('x (name) S 1 2 3')).toBeNull();
  });

  it('never gives NaN: a junk number reads 0', () => {
    const stat = parsePidStat(NODE_STAT.replace(' 153 41 ', ' -1 4x1 '));
    expect(stat?.utimeTicks).toBe(0);
    expect(stat?.stimeTicks).toBe(0);
  });
});

const STATUS = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
Tgid:\t4362
Ngid:\t0
Pid:\t4362
PPid:\t4300
Uid:\t1000\t1000\t1000\t1000
Gid:\t1000\t1000\t1000\t1000
VmRSS:\t   49380 kB
Threads:\t11
voluntary_ctxt_switches:\t12
nonvoluntary_ctxt_switches:\t3
`;

describe('parsePidStatus', () => {
  it('reads tgid, uid, threads, rss and the switch counts', () => {
    expect(parsePidStatus(STATUS)).toEqual({
      tgid: 4362,
      uid: 1000,
      threads: 11,
      rssBytes: 49380 * 1024,
      voluntarySwitches: 12,
      involuntarySwitches: 3,
    });
  });

  it('tells voluntary from nonvoluntary even though one name ends the other', () => {
    const swapped = STATUS.replace(
      'voluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3',
      'nonvoluntary_ctxt_switches:\t3\nvoluntary_ctxt_switches:\t12',
    );
    expect(parsePidStatus(swapped)).toMatchObject({
      voluntarySwitches: 12,
      involuntarySwitches: 3,
    });
  });

  it('gives null for missing lines (kernel threads have no VmRSS)', () => {
    const kernel = 'Name:\tkthreadd\nTgid:\t2\nUid:\t0\t0\t0\t0\nThreads:\t1\n';
    expect(parsePidStatus(kernel)).toEqual({
      tgid: 2,
      uid: 0,
      threads: 1,
      rssBytes: null,
      voluntarySwitches: null,
      involuntarySwitches: null,
    });
    expect(parsePidStatus('').uid).toBeNull();
  });
});

describe('parseSchedstat', () => {
  it('reads ns on a CPU, ns waiting on a run queue, timeslices', () => {
    expect(parseSchedstat('853831 57930 2\n')).toEqual({
      runNs: 853831,
      waitNs: 57930,
      timeslices: 2,
    });
  });

  it('returns null for malformed text', () => {
    expect(parseSchedstat('')).toBeNull();
    expect(parseSchedstat('1 2')).toBeNull();
    expect(parseSchedstat('a b c')).toBeNull();
    expect(parseSchedstat('-1 2 3')).toBeNull();
  });
});

describe('parseCmdline', () => {
  it('joins NUL-separated arguments and drops the trailing NULs', () => {
    expect(parseCmdline(Buffer.from('node\0--import\0tsx\0a b.ts\0'))).toBe(
      'node --import tsx a b.ts',
    );
  });

  it('is empty for kernel threads and zombies, and cut to the limit', () => {
    expect(parseCmdline(Buffer.alloc(0))).toBe('');
    expect(parseCmdline(Buffer.from('x'.repeat(50)), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('decodes UTF-8', () => {
    expect(parseCmdline(Buffer.from('echo\0héllo\0'))).toBe('echo héllo');
  });
});

describe('decodeName', () => {
  it('leaves ASCII alone and turns latin1-decoded UTF-8 back into text', () => {
    expect(decodeName('node')).toBe('node');
    expect(decodeName(bytes('μ-worker'))).toBe('μ-worker');
  });
});
