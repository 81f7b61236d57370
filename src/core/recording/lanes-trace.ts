import type { ExperimentResult } from '../../shared/experiment-results';
import type { ParsedSession } from '../../shared/session-format';
import { coreOfChar, stateOfChar, type Lane, type RunLanesUpdate } from '../../shared/run-lanes';
import type { TaskTrace } from '../../shared/task-lanes';
import { recordsOf } from './session-tables';
import { addTaskSlices, type AsyncTraceEvent } from './task-slices-trace';

/**
 * A recording's run lanes as Chrome Trace thread slices: per run, one track per lane with a
 * complete event for each run of equal state ("running on core 1", "ready", "blocked"). The
 * lanes come from each run's kept result or, for a run the recording stopped in the middle of,
 * from its 'experiment:lanes' updates laid end to end. An async run's kept tasks join its lanes
 * as async slices (task-slices-trace.ts).
 */

/** Where lane events go (the trace builder). */
export interface LaneTraceSink {
  processName(pid: number, name: string, sortIndex?: number): void;
  threadName(pid: number, tid: number, name: string): void;
  add(
    event:
      | {
          name: string;
          cat: string;
          ph: 'X';
          ts: number;
          dur: number;
          pid: number;
          tid: number;
          args: Record<string, unknown>;
        }
      | AsyncTraceEvent,
  ): void;
}

/**
 * Run lanes get a synthetic process per run (above Linux's pid_max, after the other synthetic
 * tracks): the same threads may also be on their real pid's tracks from the process sampler,
 * and two sources of slices on one track would overlap.
 */
export const RUN_LANES_PID_BASE = 9_100_000;

interface RunLanesView {
  runId: string;
  sliceMs: number;
  startedAt: number;
  lanes: Lane[];
  taskTrace?: TaskTrace | null;
}

const CNAMES = {
  running: 'thread_state_running',
  ready: 'thread_state_runnable',
  blocked: 'thread_state_sleeping',
} as const;

/** Adds every run's lanes in the session to the trace. */
export function addRunLanes(session: ParsedSession, sink: LaneTraceSink): void {
  const runs = lanesOfRuns(session);
  runs.forEach((run, index) => {
    const pid = RUN_LANES_PID_BASE + index;
    sink.processName(pid, `${run.runId} lanes`, 10 + index);
    // Slice 0's offset from the recording's start, ms.
    const offset = run.startedAt - session.header.startedAtMs;
    for (const lane of run.lanes) {
      sink.threadName(pid, lane.tid, `${lane.name} (${lane.pid}/${lane.tid})`);
      forEachRun(lane, (from, to, state, core) => {
        const startMs = offset + from * run.sliceMs;
        const endMs = offset + to * run.sliceMs;
        if (endMs <= 0) return; // before the recording began
        const ts = Math.round(Math.max(0, startMs) * 1000);
        const name = state === 'running' && core !== null ? `running on core ${core}` : state;
        sink.add({
          name,
          cat: 'run-lane',
          ph: 'X',
          ts,
          dur: Math.round(endMs * 1000) - ts,
          pid,
          tid: lane.tid,
          args: { cname: CNAMES[state], core, pid: lane.pid, tid: lane.tid, kind: lane.kind },
        });
      });
    }
    if (run.taskTrace) addTaskSlices(run.taskTrace, run.lanes, pid, index, offset, sink);
  });
}

/** Calls `visit` for each run of slices with the same state (and, when running, core). */
function forEachRun(
  lane: Lane,
  visit: (
    from: number,
    to: number,
    state: 'running' | 'ready' | 'blocked',
    core: number | null,
  ) => void,
): void {
  let start = 0;
  for (let i = 1; i <= lane.states.length; i += 1) {
    const state = stateOfChar(lane.states[start] ?? '-');
    const core = state === 'running' ? coreOfChar(lane.cores[start] ?? '.') : null;
    const same =
      i < lane.states.length &&
      lane.states[i] === lane.states[start] &&
      (state !== 'running' || coreOfChar(lane.cores[i] ?? '.') === core);
    if (same) continue;
    if (state !== 'absent') visit(start, i, state, core);
    start = i;
  }
}

/** Each run's lanes: from its result when recorded, else stitched from its updates. */
function lanesOfRuns(session: ParsedSession): RunLanesView[] {
  const runs = new Map<string, RunLanesView>();
  for (const { payload } of recordsOf<ExperimentResult>(session, 'experiment:result')) {
    if (payload.lanes) runs.set(payload.runId, payload.lanes);
  }
  const stitched = new Map<string, { view: RunLanesView; byId: Map<string, Lane> }>();
  for (const { payload } of recordsOf<RunLanesUpdate>(session, 'experiment:lanes')) {
    if (runs.has(payload.runId)) continue;
    let entry = stitched.get(payload.runId);
    if (entry === undefined) {
      const view = { ...payload, lanes: [] };
      entry = { view, byId: new Map() };
      stitched.set(payload.runId, entry);
    }
    for (const lane of payload.lanes) {
      let kept = entry.byId.get(lane.id);
      if (kept === undefined) {
        kept = { ...lane, states: '', cores: '' };
        entry.byId.set(lane.id, kept);
        entry.view.lanes.push(kept);
      }
      // A lane first listed late was absent before; a gap (a lost update) is left absent.
      kept.states = kept.states.slice(0, payload.fromSlice).padEnd(payload.fromSlice, '-');
      kept.states += lane.states;
      kept.cores = kept.cores.slice(0, payload.fromSlice).padEnd(payload.fromSlice, '.');
      kept.cores += lane.cores;
    }
  }
  return [...runs.values(), ...[...stitched.values()].map((entry) => entry.view)];
}
