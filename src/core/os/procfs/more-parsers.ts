/**
 * Pure parsers for the /proc files the lab reads besides the sampler's: statm, a task's children
 * list, meminfo, single status lines and CPU lists. Pure so they are tested on captured text.
 */

/**
 * The fields of a stat line after the ")" that closes the command name, split on spaces: a name
 * may itself hold spaces and ")", so only the LAST ")" ends it. Index 0 is field 3 (state).
 */
export function statFieldsAfterName(statText: string): string[] {
  return statText.slice(statText.lastIndexOf(')') + 2).split(' ');
}

/** The start time (field 22, clock ticks after boot) of a stat line, as text: with the pid it names a process uniquely. */
export function statStartTime(statText: string): string | null {
  const value = statFieldsAfterName(statText)[19];
  return value !== undefined && /^\d+$/.test(value) ? value : null;
}

/** /proc/PID/statm in pages: total program size, resident set, shared (file-backed) resident. */
export interface Statm {
  sizePages: number;
  residentPages: number;
  sharedPages: number;
}

/** Parses a statm line ("size resident shared text lib data dt"); null if malformed. */
export function parseStatm(text: string): Statm | null {
  const [size, resident, shared] = text.trim().split(/\s+/).map(Number);
  if (size === undefined || resident === undefined || shared === undefined) return null;
  if (![size, resident, shared].every((n) => Number.isInteger(n) && n >= 0)) return null;
  return { sizePages: size, residentPages: resident, sharedPages: shared };
}

/** Parses /proc/PID/task/TID/children: pids separated by spaces (empty when childless). */
export function parseChildren(text: string): number[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  return trimmed
    .split(/\s+/)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** The text after `label:` on its line of a status file ("Cpus_allowed_list:\t0-3"), or null. */
export function statusField(statusText: string, label: string): string | null {
  const head = `${label}:`;
  let at = 0;
  if (!statusText.startsWith(head)) {
    const newline = statusText.indexOf(`\n${head}`);
    if (newline < 0) return null;
    at = newline + 1;
  }
  const end = statusText.indexOf('\n', at);
  const value = statusText.slice(at + head.length, end < 0 ? undefined : end).trim();
  return value === '' ? null : value;
}

/** CPUs in a Linux cpu list such as "0-3,8". */
export function parseCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.trim().split(',')) {
    if (part === '') continue;
    const [from, to] = part.split('-').map(Number);
    if (from === undefined || !Number.isInteger(from)) continue;
    const last = to === undefined ? from : to;
    for (let cpu = from; cpu <= last; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

/** Memory figures from /proc/meminfo, bytes; null for a line the kernel lacks. */
export interface MemInfo {
  totalBytes: number | null;
  freeBytes: number | null;
  availableBytes: number | null;
  swapTotalBytes: number | null;
  swapFreeBytes: number | null;
}

/** Parses /proc/meminfo ("MemTotal:   24684084 kB" lines); values in kB become bytes. */
export function parseMeminfo(text: string): MemInfo {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([\w()]+):\s+(\d+)(?:\s+kB)?/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      const unit = line.trimEnd().endsWith('kB') ? 1024 : 1;
      values.set(match[1], Number(match[2]) * unit);
    }
  }
  const get = (name: string): number | null => values.get(name) ?? null;
  return {
    totalBytes: get('MemTotal'),
    freeBytes: get('MemFree'),
    availableBytes: get('MemAvailable'),
    swapTotalBytes: get('SwapTotal'),
    swapFreeBytes: get('SwapFree'),
  };
}
