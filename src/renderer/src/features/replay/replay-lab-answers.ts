import type {
  ExperimentEvent,
  ExperimentResult,
  ExperimentState,
} from '../../../../shared/experiment-results';
import type { PythonStatus } from '../../../../shared/experiment-params';
import type { IpcJobState, IpcMechanismInfo } from '../../../../shared/ipc-results';
import type { StreamChannel, StreamPayloads } from '../../../../shared/contract';
import type { ParsedSession, SessionRecord } from '../../../../shared/session-format';
import { replayI18n } from './replay-i18n';

/**
 * Answers to the experiment and IPC views' calls during a replay, from the records played so
 * far (indices below `end`): a tab opened or remounted (after a seek) mid-replay shows the
 * results, run and Python the lab had at that point of the recording.
 */

/** Results kept by the lab (and the view). */
const RESULTS_KEPT = 200;

/** What Python reads as when the recording never said (made before it recorded the state). */
export const PYTHON_NOT_RECORDED: PythonStatus = {
  available: false,
  path: null,
  configured: false,
  version: null,
  gilEnabled: null,
  gilSource: null,
  freeThreadedBuild: null,
  gevent: null,
  // A getter, so the sentence is read in the UI's language whenever a view shows it.
  get error(): string {
    return replayI18n().t('replay.pythonNotRecorded');
  },
};

/** The experiment results streamed before `end`, oldest first, one per run id. */
export function experimentResultsAt(session: ParsedSession, end: number): ExperimentResult[] {
  const byRun = new Map<string, ExperimentResult>();
  for (const result of payloads(session, end, 'experiment:result')) {
    byRun.delete(result.runId); // a re-sent result moves to the end, as the view does
    byRun.set(result.runId, result);
  }
  return [...byRun.values()].slice(-RESULTS_KEPT);
}

/**
 * The experiment state as of `end`: the last one recorded before it (a run in progress shows as
 * running). Python is the recording's own even before its first state record, since the
 * interpreter does not change while recording starts.
 */
export function experimentStateAt(session: ParsedSession, end: number): ExperimentState {
  let latest: ExperimentState | null = null;
  for (const state of payloads(session, end, 'experiment:state')) latest = state;
  const python =
    latest?.python ?? firstPayload(session, 'experiment:state')?.python ?? PYTHON_NOT_RECORDED;
  return {
    running: latest?.running ?? null,
    queued: latest?.queued ?? 0,
    logicalCores: latest?.logicalCores ?? session.header.machine.logicalCores,
    python,
  };
}

/** The timeline events of `runId` streamed before `end`. */
export function experimentEventsAt(
  session: ParsedSession,
  end: number,
  runId: string,
): ExperimentEvent[] {
  return [...payloads(session, end, 'experiment:event')].filter((event) => event.runId === runId);
}

/** The IPC job in progress as of `end` (none before the first recorded state). */
export function ipcStateAt(session: ParsedSession, end: number): IpcJobState {
  let latest: IpcJobState = { active: null };
  for (const state of payloads(session, end, 'ipc:state')) latest = state;
  return latest;
}

/** The IPC mechanisms as recorded in the header (none in recordings that predate it). */
export function ipcMechanismsOf(session: ParsedSession): IpcMechanismInfo[] {
  return session.header.ipcMechanisms ?? [];
}

function* payloads<S extends StreamChannel>(
  session: ParsedSession,
  end: number,
  stream: S,
): Generator<StreamPayloads[S]> {
  const last = Math.min(end, session.records.length);
  for (let index = 0; index < last; index += 1) {
    const record = session.records[index] as SessionRecord;
    if (record.stream === stream) yield record.payload as StreamPayloads[S];
  }
}

function firstPayload<S extends StreamChannel>(
  session: ParsedSession,
  stream: S,
): StreamPayloads[S] | undefined {
  return payloads(session, session.records.length, stream).next().value ?? undefined;
}
