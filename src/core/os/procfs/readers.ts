import { readFileSync } from 'node:fs';
import {
  parseChildren,
  parseMeminfo,
  parseStatm,
  statusField,
  type MemInfo,
  type Statm,
} from './more-parsers';
import {
  decodeName,
  parsePidStat,
  parsePidStatus,
  type PidStat,
  type PidStatus,
} from './pid-parsers';

/**
 * One-shot readers of /proc files for one process. Each returns null (or []) when the process is
 * gone or /proc is missing, never throws: a process may end between any two reads. Text is read
 * as latin1, the parsers' input (one character per byte; names are re-decoded as UTF-8 there).
 */

/** A /proc file's text, or null when it cannot be read. */
export function readProcText(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

const parsed = <T>(text: string | null, parse: (text: string) => T): T | null =>
  text === null ? null : parse(text);

/** /proc/PID/stat parsed, or null. */
export function readStat(pid: number | 'self'): PidStat | null {
  return parsed(readProcText(`/proc/${pid}/stat`), parsePidStat);
}

/** /proc/PID/stat's raw text, for the few fields the parsed form leaves out. */
export function readStatText(pid: number | 'self'): string | null {
  return readProcText(`/proc/${pid}/stat`);
}

/** /proc/PID/statm parsed (pages), or null. */
export function readStatm(pid: number | 'self'): Statm | null {
  return parsed(readProcText(`/proc/${pid}/statm`), parseStatm);
}

/** /proc/PID/status parsed, or null. */
export function readStatus(pid: number | 'self'): PidStatus | null {
  return parsed(readProcText(`/proc/${pid}/status`), parsePidStatus);
}

/** One line of a status file (e.g. "Cpus_allowed_list"), for `/proc/PID` or `/proc/thread-self`. */
export function readStatusField(
  where: number | 'self' | 'thread-self',
  label: string,
): string | null {
  const text = readProcText(`/proc/${where}/status`);
  return text === null ? null : statusField(text, label);
}

/**
 * The direct children of a process from its main thread's children list, or null when the
 * kernel lacks the list (CONFIG_PROC_CHILDREN) or the process is gone. Only the main thread's
 * list: the lab's processes start children from their main threads, and one read keeps a poll cheap.
 */
export function readChildren(pid: number): number[] | null {
  return parsed(readProcText(`/proc/${pid}/task/${pid}/children`), parseChildren);
}

/** /proc/meminfo parsed, or null off Linux. */
export function readMeminfo(): MemInfo | null {
  return parsed(readProcText('/proc/meminfo'), parseMeminfo);
}

/** The command name (comm) of a process, or null if it is gone. */
export function readComm(pid: number): string | null {
  const text = readProcText(`/proc/${pid}/comm`);
  return text === null ? null : decodeName(text.replace(/\n$/, ''));
}
