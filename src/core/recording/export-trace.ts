import type { CoreSample } from '../../shared/contract';
import type { ExperimentEvent } from '../../shared/experiment-results';
import type { IpcTrafficSample } from '../../shared/ipc-results';
import type { ThreadsSample } from '../../shared/sampling';
import type { ParsedSession } from '../../shared/session-format';
import { recordsOf } from './session-tables';
import { addRunLanes } from './lanes-trace';

/** One Chrome Trace Event (the JSON format Perfetto and chrome://tracing open). */
export interface TraceEvent {
  name: string;
  ph: 'X' | 'C' | 'i' | 'M' | 'b' | 'e';
  /** Microseconds since the recording began. */
  ts: number;
  pid: number;
  tid: number;
  dur?: number;
  s?: 'g' | 'p' | 't';
  cat?: string;
  /** Async ('b'/'e') events only: pairs a begin with its end. */
  id?: string;
  args?: Record<string, unknown>;
}

// Synthetic processes for tracks that are not real processes; above Linux's pid_max (2^22)
// so they never clash with a real pid.
/** The "CPU cores" track group: one track per core. */
export const CORES_PID = 9_000_001;
/** The counters track group: CPU, thread counts, IPC rates. */
export const COUNTERS_PID = 9_000_002;
/** Experiment runs and worker spawn/exit instants. */
export const EXPERIMENTS_PID = 9_000_003;

const STATES = [
  ['running', 'thread_state_running'],
  ['ready', 'thread_state_runnable'],
  ['blocked', 'thread_state_sleeping'],
] as const;

/**
 * Converts a session into Chrome Trace Event JSON: a track per core (which watched thread ran
 * there each tick), a track per watched thread (running / ready / blocked slices, never
 * overlapping), counter tracks, experiment instants, each run's lanes (a track per thread of
 * the run), and process/thread names as metadata.
 */
export function sessionTrace(session: ParsedSession): {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
} {
  const builder = new TraceBuilder();
  builder.processName(CORES_PID, 'CPU cores', 0);
  builder.processName(COUNTERS_PID, 'Counters', 1);

  for (const { t, payload } of recordsOf<CoreSample>(session, 'sample:cores')) {
    const args: Record<string, number> = { total: round(payload.total) };
    payload.cores.forEach((busy, core) => (args[`cpu${core}`] = round(busy)));
    builder.counter('CPU busy % (100 = one core)', t, args);
  }

  for (const { t, payload } of recordsOf<ThreadsSample>(session, 'sample:threads')) {
    addThreadTick(builder, t, payload);
  }

  for (const { t, payload } of recordsOf<IpcTrafficSample>(session, 'ipc:traffic')) {
    builder.counter('IPC MB/s', t, { [payload.mechanism]: round(payload.bytesPerSec / 1e6) });
    builder.counter('IPC messages/s', t, {
      [payload.mechanism]: Math.round(payload.messagesPerSec),
    });
  }

  const events = recordsOf<ExperimentEvent>(session, 'experiment:event');
  if (events.length > 0) {
    builder.processName(EXPERIMENTS_PID, 'Experiments', 2);
    builder.threadName(EXPERIMENTS_PID, 1, 'runs and workers');
  }
  for (const { t, payload } of events) {
    const wholeRun = payload.kind === 'run-start' || payload.kind === 'run-stop';
    builder.add({
      name: payload.name ? `${payload.kind}: ${payload.name}` : payload.kind,
      cat: 'experiment',
      ph: 'i',
      s: wholeRun ? 'g' : 't',
      ts: micros(t),
      pid: EXPERIMENTS_PID,
      tid: 1,
      args: { ...payload },
    });
  }
  // Each experiment run's own threads, one track per lane (see lanes-trace.ts).
  addRunLanes(session, builder);
  return { traceEvents: builder.finish(), displayTimeUnit: 'ms' };
}

function addThreadTick(builder: TraceBuilder, t: number, tick: ThreadsSample): void {
  const busiestOnCore = new Map<
    number,
    { label: string; running: number; pid: number; tid: number }
  >();
  const counts: Record<string, number> = {};
  for (const process of tick.processes) {
    builder.processName(process.pid, `${process.name} (${process.pid})`);
    if (process.threadCount !== null)
      counts[`${process.name} ${process.pid}`] = process.threadCount;
    for (const thread of process.threads) {
      builder.threadName(process.pid, thread.tid, thread.name);
      if (thread.split === null) continue;
      const start = builder.claim(process.pid, thread.tid, t - tick.elapsedMs, t);
      let cursor = start;
      const end = micros(t);
      const total = thread.split.running + thread.split.ready + thread.split.blocked || 1;
      STATES.forEach(([state, cname], index) => {
        const share = thread.split?.[state] ?? 0;
        const next =
          index === STATES.length - 1
            ? end
            : Math.min(end, cursor + Math.round(((end - start) * share) / total));
        if (next > cursor) {
          builder.add({
            name: state,
            cat: 'thread-state',
            ph: 'X',
            ts: cursor,
            dur: next - cursor,
            pid: process.pid,
            tid: thread.tid,
            args: { cname, percent: round(share) },
          });
        }
        cursor = next;
      });
      const core = thread.core;
      if (core !== null && thread.split.running > (busiestOnCore.get(core)?.running ?? 0)) {
        busiestOnCore.set(core, {
          label: `${thread.name} ${process.pid}/${thread.tid}`,
          running: thread.split.running,
          pid: process.pid,
          tid: thread.tid,
        });
      }
    }
  }
  for (const [core, thread] of busiestOnCore) {
    builder.threadName(CORES_PID, core + 1, `cpu${core}`);
    const start = builder.claim(CORES_PID, core + 1, t - tick.elapsedMs, t);
    if (micros(t) > start) {
      builder.add({
        name: thread.label,
        cat: 'core',
        ph: 'X',
        ts: start,
        dur: micros(t) - start,
        pid: CORES_PID,
        tid: core + 1,
        args: { pid: thread.pid, tid: thread.tid, runningPercent: round(thread.running) },
      });
    }
  }
  if (Object.keys(counts).length > 0) builder.counter('Threads of watched processes', t, counts);
}

/** Collects events, names each track once, and keeps slices on one track from overlapping. */
class TraceBuilder {
  private readonly events: TraceEvent[] = [];
  private readonly metadata: TraceEvent[] = [];
  private readonly named = new Set<string>();
  private readonly trackEnd = new Map<string, number>();

  add(event: TraceEvent): void {
    this.events.push(event);
  }

  counter(name: string, t: number, args: Record<string, number>): void {
    this.events.push({
      name,
      cat: 'counter',
      ph: 'C',
      ts: micros(t),
      pid: COUNTERS_PID,
      tid: 0,
      args,
    });
  }

  processName(pid: number, name: string, sortIndex?: number): void {
    if (this.named.has(`p${pid}`)) return;
    this.named.add(`p${pid}`);
    this.metadata.push({ name: 'process_name', ph: 'M', ts: 0, pid, tid: 0, args: { name } });
    if (sortIndex !== undefined) {
      this.metadata.push({
        name: 'process_sort_index',
        ph: 'M',
        ts: 0,
        pid,
        tid: 0,
        args: { sort_index: sortIndex },
      });
    }
  }

  threadName(pid: number, tid: number, name: string): void {
    if (this.named.has(`t${pid}/${tid}`)) return;
    this.named.add(`t${pid}/${tid}`);
    this.metadata.push({ name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name } });
  }

  /** The start (µs) of a slice ending at `toMs` on a track, after the track's last slice. */
  claim(pid: number, tid: number, fromMs: number, toMs: number): number {
    const key = `${pid}/${tid}`;
    const start = Math.max(micros(Math.max(0, fromMs)), this.trackEnd.get(key) ?? 0);
    this.trackEnd.set(key, Math.max(start, micros(toMs)));
    return start;
  }

  finish(): TraceEvent[] {
    // A stable sort keeps each track's events in time order.
    return [...this.metadata, ...this.events.sort((a, b) => a.ts - b.ts)];
  }
}

const micros = (ms: number): number => Math.round(ms * 1000);
const round = (value: number): number => Math.round(value * 10) / 10;
