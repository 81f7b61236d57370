import { performance } from 'node:perf_hooks';
import pidusage from 'pidusage';
import si, { type Systeminformation } from 'systeminformation';
import type { ProcessRow, SamplerCapabilities, WatchedThreads } from '../../shared/sampling';
import { ProcessTable } from './process-table';
import type { ProcessSampler, ProcessTableTick, SampleMarks } from './sampler-types';

/** systeminformation's process states → the one-letter states the views show. */
const STATE_LETTERS: Record<string, string> = {
  running: 'R',
  sleeping: 'S',
  blocked: 'D',
  stopped: 'T',
  zombie: 'Z',
};

/** The process fields the generic sampler needs from systeminformation. */
export type SiProcess = Pick<
  Systeminformation.ProcessesProcessData,
  | 'pid'
  | 'parentPid'
  | 'name'
  | 'cpu'
  | 'memRss'
  | 'started'
  | 'state'
  | 'user'
  | 'command'
  | 'params'
>;

/** CPU % (100 = one core) and resident bytes per pid, as pidusage reports them. */
export type UsageByPid = Record<string, { cpu: number; memory: number } | null | undefined>;

/**
 * Turns one systeminformation process into a row. CPU and memory come from pidusage when it
 * answered for the pid (deltas of cumulative CPU time), else from systeminformation.
 * Threads and context switches are not available here: null, never 0.
 */
export function rowFromSi(process: SiProcess, usage: UsageByPid, marks: SampleMarks): ProcessRow {
  const started = Date.parse(process.started);
  const measured = usage[String(process.pid)] ?? undefined;
  const command = [process.command, process.params].filter(Boolean).join(' ').trim();
  return {
    key: `${process.pid}:${Number.isFinite(started) ? started : 0}`,
    pid: process.pid,
    ppid: process.parentPid > 0 || process.pid <= 1 ? process.parentPid : null,
    name: process.name,
    command,
    user: process.user || null,
    state: STATE_LETTERS[process.state] ?? '?',
    cpuPercent: measured !== undefined ? Math.max(0, measured.cpu) : null,
    rssBytes:
      measured !== undefined ? measured.memory : process.memRss > 0 ? process.memRss * 1024 : null,
    threads: null,
    voluntarySwitchesPerSec: null,
    involuntarySwitchesPerSec: null,
    startTime: Number.isFinite(started) ? started : null,
    kernelThread: command.startsWith('['),
    trackedBy: marks.trackedBy.get(process.pid) ?? null,
    watched: marks.watchedPids.has(process.pid),
  };
}

/**
 * The process table on macOS, Windows and anything else: systeminformation lists processes
 * (it runs ps or WMI), pidusage measures CPU and memory. Threads, thread states and context
 * switches are unavailable and reported as such.
 */
export class GenericProcessSampler implements ProcessSampler {
  readonly capabilities: SamplerCapabilities = {
    platform: 'generic',
    threads: false,
    threadStates: false,
    contextSwitches: false,
    iowait: false,
    steal: false,
  };
  private readonly table = new ProcessTable();
  private previousAt: number | null = null;

  /** One tick: systeminformation's list with pidusage's measurements. */
  async sample(marks: SampleMarks): Promise<ProcessTableTick> {
    const started = performance.now();
    const list = await si.processes();
    const pids = list.list.map((p) => p.pid);
    const usage: UsageByPid = await pidusage(pids).catch(() => ({}));
    const rows = list.list.map((p) => rowFromSi(p, usage, marks));
    const at = performance.now();
    const elapsedMs = this.previousAt === null ? 0 : at - this.previousAt;
    this.previousAt = at;
    const { upserts, removed } = this.table.replaceAll(rows);
    const threads: WatchedThreads[] = [];
    for (const pid of marks.watchedPids) {
      const row = this.table.byPid(pid);
      if (row === undefined) continue;
      threads.push({
        key: row.key,
        pid,
        name: row.name,
        trackedBy: row.trackedBy,
        threadCount: null,
        threads: [],
        truncated: false,
      });
    }
    return {
      time: Date.now(),
      monotonicMs: at,
      elapsedMs,
      upserts,
      removed,
      threads,
      costMs: at - started,
    };
  }

  /** Finds one process (from the last table, else by asking pidusage). */
  async lookup(pid: number): Promise<{ key: string; name: string } | null> {
    const row = this.table.byPid(pid);
    if (row !== undefined) return { key: row.key, name: row.name };
    const found = await si.processes();
    const process = found.list.find((p) => p.pid === pid);
    if (process === undefined) return null;
    const fresh = rowFromSi(process, {}, { watchedPids: new Set(), trackedBy: new Map() });
    return { key: fresh.key, name: fresh.name };
  }

  /** Forgets pidusage's history (it keeps descriptors and timers otherwise). */
  close(): Promise<void> {
    pidusage.clear();
    this.table.clear();
    return Promise.resolve();
  }
}
