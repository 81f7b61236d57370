import { describe, expect, it } from 'vitest';
import {
  parseChildren,
  parseCpuList,
  parseMeminfo,
  parsePidStat,
  parseStatm,
  statFieldsAfterName,
  statStartTime,
  statusField,
} from '../../../../src/core/os/procfs';
import { auxvLookup, pageSizeFrom } from '../../../../src/core/os/procfs/units';

// Captured from /proc/PID/stat of a process renamed to "a) b (c": the name holds ") " and "(".
const TRICKY_STAT =
  '5120 (a) b (c) S 4300 5120 4300 34816 5120 4194304 9113 0 0 0 153 41 0 0 20 0 11 0 27431 1234567168 12345 18446744073709551615 1 1 0 0 0 0 0 16781312 134235650 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n';

// /proc/PID/status of the same kind of process, trimmed to a few lines.
const STATUS = [
  'Name:\ta) b (c',
  'Umask:\t0022',
  'State:\tS (sleeping)',
  'Tgid:\t5120',
  'Uid:\t0\t0\t0\t0',
  'VmRSS:\t   49380 kB',
  'Threads:\t11',
  'Cpus_allowed:\t3',
  'Cpus_allowed_list:\t0-1',
  'voluntary_ctxt_switches:\t26',
  '',
].join('\n');

describe('stat lines whose names hold spaces and parentheses', () => {
  it('split after the LAST ")": state first, then ppid', () => {
    const fields = statFieldsAfterName(TRICKY_STAT);
    expect(fields[0]).toBe('S');
    expect(fields[1]).toBe('4300');
  });

  it('give the start time (field 22)', () => {
    expect(statStartTime(TRICKY_STAT)).toBe('27431');
    expect(statStartTime('17 (cut) S 1 2')).toBeNull();
  });

  it('agree with the sampler’s parser', () => {
    const parsed = parsePidStat(TRICKY_STAT);
    expect(parsed?.name).toBe('a) b (c');
    expect(String(parsed?.startTicks)).toBe(statStartTime(TRICKY_STAT));
  });
});

describe('parseStatm', () => {
  it('reads size, resident and shared pages', () => {
    expect(parseStatm('290352 12345 9001 7862 0 39718 0\n')).toEqual({
      sizePages: 290352,
      residentPages: 12345,
      sharedPages: 9001,
    });
  });

  it('refuses a malformed line', () => {
    expect(parseStatm('')).toBeNull();
    expect(parseStatm('12 x 3')).toBeNull();
  });
});

describe('parseChildren', () => {
  it('reads a children list, empty when childless', () => {
    expect(parseChildren('4370 4371 4399 \n')).toEqual([4370, 4371, 4399]);
    expect(parseChildren('')).toEqual([]);
  });
});

describe('statusField', () => {
  it('finds a line by its exact label, at the start or later', () => {
    expect(statusField(STATUS, 'Name')).toBe('a) b (c');
    expect(statusField(STATUS, 'Cpus_allowed_list')).toBe('0-1');
    expect(statusField(STATUS, 'Cpus_allowed')).toBe('3');
    expect(statusField(STATUS, 'Missing')).toBeNull();
  });
});

describe('parseCpuList', () => {
  it('expands ranges and single CPUs', () => {
    expect(parseCpuList('0-3,8,10-11\n')).toEqual([0, 1, 2, 3, 8, 10, 11]);
    expect(parseCpuList('')).toEqual([]);
  });
});

describe('parseMeminfo', () => {
  it('turns kB into bytes and leaves missing lines null', () => {
    const info = parseMeminfo(
      'MemTotal:       24684084 kB\nMemFree:         1000 kB\nHugePages_Total:       0\n',
    );
    expect(info).toEqual({
      totalBytes: 24684084 * 1024,
      freeBytes: 1000 * 1024,
      availableBytes: null,
      swapTotalBytes: null,
      swapFreeBytes: null,
    });
  });
});

describe('auxvLookup', () => {
  /** An auxiliary vector as the kernel writes it on x86_64: (key, value) u64 pairs, then 0. */
  function vector(pairs: [number, number][], word: 4 | 8, littleEndian: boolean): Uint8Array {
    const view = new DataView(new ArrayBuffer((pairs.length + 1) * 2 * word));
    pairs.forEach(([key, value], i) => {
      const at = i * 2 * word;
      if (word === 8) {
        view.setBigUint64(at, BigInt(key), littleEndian);
        view.setBigUint64(at + word, BigInt(value), littleEndian);
      } else {
        view.setUint32(at, key, littleEndian);
        view.setUint32(at + word, value, littleEndian);
      }
    });
    return new Uint8Array(view.buffer);
  }
  // The head of an x86_64 vector (od -t u8 /proc/self/auxv) with a 64 KiB-page, 250 Hz kernel's
  // AT_PAGESZ and AT_CLKTCK: AT_SYSINFO_EHDR, AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ, AT_CLKTCK.
  const captured: [number, number][] = [
    [33, 139989311799296],
    [51, 3376],
    [16, 395049983],
    [6, 65536],
    [17, 250],
  ];

  it('finds AT_CLKTCK and AT_PAGESZ in 64- and 32-bit vectors of either byte order', () => {
    for (const word of [8, 4] as const) {
      for (const le of [true, false]) {
        const pairs = word === 8 ? captured : captured.slice(1);
        const bytes = vector(pairs, word, le);
        expect(auxvLookup(bytes, 17, word, le)).toBe(250);
        expect(auxvLookup(bytes, 6, word, le)).toBe(65536);
      }
    }
  });

  it('stops at the terminating 0 key', () => {
    const bytes = vector([[6, 4096]], 8, true);
    expect(auxvLookup(bytes, 17, 8, true)).toBeNull();
  });
});

describe('pageSizeFrom', () => {
  // A 64 KiB-page arm64 kernel: 1000 resident pages are 64000 kB. A reader assuming 4096-byte
  // pages would report 16 times too little.
  const stat64k = TRICKY_STAT.replace(' 12345 ', ' 1000 ');
  const status64k = STATUS.replace('VmRSS:\t   49380 kB', 'VmRSS:\t   64000 kB');

  it('measures 64 KiB pages from rss pages and VmRSS', () => {
    expect(pageSizeFrom(stat64k, status64k)).toBe(65536);
  });

  it('rounds to a power of two and falls back to 4096 when /proc cannot tell', () => {
    expect(pageSizeFrom(TRICKY_STAT, STATUS.replace('49380', '49370'))).toBe(4096);
    expect(pageSizeFrom('', '')).toBe(4096);
  });
});
