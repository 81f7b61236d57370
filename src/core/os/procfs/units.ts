import { readFileSync } from 'node:fs';
import { parsePidStat, parsePidStatus } from './pid-parsers';

/**
 * The two units /proc counts in, measured once per process: bytes per page (stat's rss, statm)
 * and clock ticks per second (stat's CPU times and start time). Neither is fixed across Linux
 * machines: some arm64 kernels use 16 or 64 KiB pages, and USER_HZ is a build option.
 */

/** What every Linux Node supports has used since the 2.6 days; the fallback only. */
const DEFAULT_PAGE_BYTES = 4096;
const DEFAULT_TICKS_PER_SECOND = 100;
/** The auxiliary vector's key for USER_HZ (AT_CLKTCK in <elf.h>). */
const AT_CLKTCK = 17;

let pageBytes: number | undefined;
let ticksPerSecond: number | undefined;

function readLatin1(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return '';
  }
}

/**
 * Bytes per memory page. Measured from this process's own stat rss (pages) and status VmRSS
 * (kB), as the sampler has always done: no subprocess, and both counters are the kernel's own.
 * 4096 off Linux or when /proc cannot tell.
 */
export function pageSize(): number {
  pageBytes ??= measurePageSize();
  return pageBytes;
}

function measurePageSize(): number {
  return pageSizeFrom(readLatin1('/proc/self/stat'), readLatin1('/proc/self/status'));
}

/** Bytes per page from one process's stat and status texts (exported for captured texts). */
export function pageSizeFrom(statText: string, statusText: string): number {
  const stat = parsePidStat(statText);
  const status = parsePidStatus(statusText);
  if (stat === null || stat.rssPages <= 0 || status.rssBytes === null) return DEFAULT_PAGE_BYTES;
  // Page sizes are powers of two; the two reads are a moment apart, so round.
  return 2 ** Math.max(12, Math.round(Math.log2(status.rssBytes / stat.rssPages)));
}

/**
 * Clock ticks per second (USER_HZ), the unit of stat's times: the kernel hands it to every
 * program in the auxiliary vector, which is where sysconf(_SC_CLK_TCK) reads it too. 100 off
 * Linux or when the vector cannot be read.
 */
export function clockTicksPerSecond(): number {
  ticksPerSecond ??= auxvValue(AT_CLKTCK) ?? DEFAULT_TICKS_PER_SECOND;
  return ticksPerSecond;
}

/** One entry of /proc/self/auxv: (key, value) pairs of native words, ended by key 0. */
function auxvValue(key: number): number | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync('/proc/self/auxv');
  } catch {
    return null;
  }
  return auxvLookup(bytes, key, wordBytes(), bytesAreLittleEndian());
}

/** Looks a key up in auxv bytes (exported for tests on captured vectors). */
export function auxvLookup(
  bytes: Uint8Array,
  key: number,
  word: 4 | 8,
  littleEndian: boolean,
): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = (at: number): number =>
    word === 8 ? Number(view.getBigUint64(at, littleEndian)) : view.getUint32(at, littleEndian);
  for (let at = 0; at + 2 * word <= bytes.byteLength; at += 2 * word) {
    const entryKey = read(at);
    if (entryKey === 0) return null;
    if (entryKey === key) {
      const value = read(at + word);
      return value > 0 ? value : null;
    }
  }
  return null;
}

/** The auxiliary vector is in native words: 8 bytes on every 64-bit architecture Node runs on. */
function wordBytes(): 4 | 8 {
  return ['ia32', 'arm', 'mips', 'mipsel', 'ppc', 's390'].includes(process.arch) ? 4 : 8;
}

function bytesAreLittleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}
