/**
 * Pure parsers for per-process and per-thread /proc files: stat, status, schedstat, cmdline.
 * Input text is the file's bytes decoded as latin1 (one character per byte, the cheapest
 * decoding); names are turned back into UTF-8 here. They run hundreds of times per tick, so
 * stat is scanned character by character instead of split into fifty strings.
 */

/** The kernel's PF_KTHREAD flag in stat field 9: set on kernel threads. */
const PF_KTHREAD = 0x00200000;

/** The fields of /proc/PID/stat (or /proc/PID/task/TID/stat) the sampler uses. */
export interface PidStat {
  pid: number;
  /** comm: up to 15 bytes, may contain spaces and ')'. */
  name: string;
  state: string;
  ppid: number;
  kernelThread: boolean;
  /** User and system CPU time, clock ticks (of the whole process for /proc/PID/stat). */
  utimeTicks: number;
  stimeTicks: number;
  threads: number;
  /** Start time after boot, clock ticks: with the pid it names a process uniquely. */
  startTicks: number;
  rssPages: number;
  /** Field 39: the CPU it last ran on; null on kernels that lack the field. */
  processor: number | null;
}

/** Fields by their 1-based number in proc(5); field 3 (state) is the first after the ')'. */
const FIELD = {
  ppid: 4,
  flags: 9,
  utime: 14,
  stime: 15,
  threads: 20,
  start: 22,
  rss: 24,
  processor: 39,
} as const;

/**
 * Parses one stat line. The name sits between the first '(' and the LAST ')', since a name
 * may itself contain ") ". Returns null when the line is cut short before the rss field.
 */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  if (!Number.isInteger(pid)) return null;

  const values: number[] = [];
  let state = '';
  let field = 3;
  let i = close + 2;
  const end = text.length;
  while (i < end && field <= FIELD.processor) {
    let j = i;
    while (j < end && text.charCodeAt(j) !== 32 && text.charCodeAt(j) !== 10) j += 1;
    if (field === 3) state = text.slice(i, j);
    else if (isWanted(field)) values[field] = parseUnsigned(text, i, j);
    field += 1;
    i = j + 1;
  }
  if (state === '' || field <= FIELD.rss) return null;

  return {
    pid,
    name: decodeName(text.slice(open + 1, close)),
    state,
    ppid: values[FIELD.ppid] ?? 0,
    kernelThread: ((values[FIELD.flags] ?? 0) & PF_KTHREAD) !== 0,
    utimeTicks: values[FIELD.utime] ?? 0,
    stimeTicks: values[FIELD.stime] ?? 0,
    threads: values[FIELD.threads] ?? 0,
    startTicks: values[FIELD.start] ?? 0,
    rssPages: values[FIELD.rss] ?? 0,
    processor: field > FIELD.processor ? (values[FIELD.processor] ?? null) : null,
  };
}

function isWanted(field: number): boolean {
  return (
    field === FIELD.ppid ||
    field === FIELD.flags ||
    field === FIELD.utime ||
    field === FIELD.stime ||
    field === FIELD.threads ||
    field === FIELD.start ||
    field === FIELD.rss ||
    field === FIELD.processor
  );
}

/** Digits between from and to as a number; a minus sign or junk gives 0 (never NaN). */
function parseUnsigned(text: string, from: number, to: number): number {
  let value = 0;
  for (let k = from; k < to; k += 1) {
    const digit = text.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return 0;
    value = value * 10 + digit;
  }
  return value;
}

/** The fields of /proc/PID/status the sampler uses; null for lines the file lacks. */
export interface PidStatus {
  /** Thread group id: equals the pid for a process, differs for a thread's /proc/TID. */
  tgid: number | null;
  /** Real uid (first number of the Uid: line). */
  uid: number | null;
  threads: number | null;
  /** Kernel threads have no VmRSS line. */
  rssBytes: number | null;
  /** Of this task only: for /proc/PID/status, the main thread. */
  voluntarySwitches: number | null;
  involuntarySwitches: number | null;
}

/** Parses /proc/PID/status ("Key:\tvalue" lines) for the fields above. */
export function parsePidStatus(text: string): PidStatus {
  const rssKb = lineNumber(text, 'VmRSS:');
  return {
    tgid: lineNumber(text, 'Tgid:'),
    uid: lineNumber(text, 'Uid:'),
    threads: lineNumber(text, 'Threads:'),
    rssBytes: rssKb === null ? null : rssKb * 1024,
    voluntarySwitches: lineNumber(text, 'voluntary_ctxt_switches:'),
    involuntarySwitches: lineNumber(text, 'nonvoluntary_ctxt_switches:'),
  };
}

/** The first number after `label` at the start of a line, or null. */
function lineNumber(text: string, label: string): number | null {
  let at = text.startsWith(label) ? 0 : text.indexOf(`\n${label}`);
  if (at < 0) return null;
  if (at > 0) at += 1;
  let i = at + label.length;
  while (i < text.length && (text.charCodeAt(i) === 9 || text.charCodeAt(i) === 32)) i += 1;
  let j = i;
  while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j += 1;
  return j > i ? Number(text.slice(i, j)) : null;
}

/** /proc/PID[/task/TID]/schedstat: time on a CPU, time waiting on a run queue, timeslices. */
export interface Schedstat {
  runNs: number;
  waitNs: number;
  timeslices: number;
}

/** Parses a schedstat line ("853831 57930 2"); null if malformed. */
export function parseSchedstat(text: string): Schedstat | null {
  const [run, wait, slices] = text.trim().split(' ');
  if (!run || !wait || !slices) return null;
  const counters = { runNs: Number(run), waitNs: Number(wait), timeslices: Number(slices) };
  const valid = Object.values(counters).every((n) => Number.isFinite(n) && n >= 0);
  return valid ? counters : null;
}

/**
 * Turns /proc/PID/cmdline (arguments separated and ended by NUL bytes) into one line, cut to
 * `maxChars`. Empty for kernel threads and zombies.
 */
export function parseCmdline(bytes: Uint8Array, maxChars = 1024): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end -= 1;
  const text = new TextDecoder().decode(bytes.subarray(0, end)).replaceAll('\0', ' ');
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/** Re-decodes a latin1-decoded name as UTF-8 when it holds non-ASCII bytes. */
export function decodeName(latin1: string): string {
  for (let i = 0; i < latin1.length; i += 1) {
    if (latin1.charCodeAt(i) > 127) return Buffer.from(latin1, 'latin1').toString('utf8');
  }
  return latin1;
}
