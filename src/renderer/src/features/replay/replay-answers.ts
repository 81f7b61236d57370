import { labError } from '../../../../shared/lab-messages';
import {
  ProcessTableState,
  type ProcessesSample,
  type ProcessSamplingState,
  type ThreadsSample,
} from '../../../../shared/sampling';
import {
  IPC_RESULTS_KEPT,
  type IpcResultEvent,
  type IpcResults,
} from '../../../../shared/ipc-results';
import type { ParsedSession, SessionRecord } from '../../../../shared/session-format';

/**
 * Answers to the process views' calls during a replay, computed from the records played so
 * far (indices below `end`), so a view that opens or resyncs mid-replay sees the right table.
 */

/** The whole process table as it stood after the records before `end`. */
export function processSnapshotAt(session: ParsedSession, end: number): ProcessesSample {
  const table = new ProcessTableState();
  let last: ProcessesSample | null = null;
  for (const record of played(session, end, 'sample:processes')) {
    const sample = record.payload as ProcessesSample;
    table.apply(sample);
    last = sample;
  }
  if (last === null) throw labError('noProcessTableRecorded');
  return { ...last, full: true, upserts: [...table.rows.values()], removed: [] };
}

/** The sampler's settings as recorded: interval, watch list (from thread samples), capabilities. */
export function processStateAt(
  session: ParsedSession,
  end: number,
  playing: boolean,
): ProcessSamplingState {
  let tableIntervalMs = 1000;
  let threads: ThreadsSample | null = null;
  for (const record of played(session, end, 'sample:processes')) {
    tableIntervalMs = Math.round((record.payload as ProcessesSample).elapsedMs) || tableIntervalMs;
  }
  for (const record of played(session, end, 'sample:threads'))
    threads = record.payload as ThreadsSample;
  const linux = session.header.machine.platform === 'linux';
  return {
    tableIntervalMs,
    paused: !playing,
    watched: (threads?.processes ?? []).map((process) => ({
      key: process.key,
      pid: process.pid,
      name: process.name,
      byUser: process.trackedBy === null,
      trackedBy: process.trackedBy,
    })),
    capabilities: {
      platform: linux ? 'linux' : 'generic',
      threads: threads !== null,
      threadStates: linux,
      contextSwitches: linux,
      iowait: linux,
      steal: linux,
    },
  };
}

/** The IPC results the lab kept as of the records before `end` (races are not streamed). */
export function ipcResultsAt(session: ParsedSession, end: number): IpcResults {
  const kept: IpcResults = { runs: [], producerConsumer: [], compares: [], races: [] };
  for (const record of played(session, end, 'ipc:result')) {
    const event = record.payload as IpcResultEvent;
    if (event.kind === 'run') kept.runs.push(event.result);
    else if (event.kind === 'producer-consumer') kept.producerConsumer.push(event.result);
    else if (event.done) kept.compares.push(event.result);
  }
  const newest = <T>(list: T[]): T[] => list.slice(-IPC_RESULTS_KEPT);
  return {
    runs: newest(kept.runs),
    producerConsumer: newest(kept.producerConsumer),
    compares: newest(kept.compares),
    races: [],
  };
}

function* played(session: ParsedSession, end: number, stream: string): Generator<SessionRecord> {
  for (let index = 0; index < end; index += 1) {
    const record = session.records[index] as SessionRecord;
    if (record.stream === stream) yield record;
  }
}
