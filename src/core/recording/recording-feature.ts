import { mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { labError, said, saidOf, type LabMessage } from '../../shared/lab-messages';
import type {
  SamplingState,
  StreamChannel,
  StreamPayloads,
  SystemInfo,
} from '../../shared/contract';
import type { IpcMechanismInfo } from '../../shared/ipc-results';
import type { ExportResult, RecordedSession, RecordingState } from '../../shared/recording';
import { SESSION_FORMAT, SESSION_FORMAT_VERSION } from '../../shared/session-format';
import { APP_VERSION } from '../app-version';
import type { LabFeature, StreamEmitter } from '../feature';
import { exportSessionFile } from './export-session';
import { SessionRecorder, type RecorderFigures } from './recorder';
import { recordingFileName } from './recordings-dir';

type RecordingCalls =
  | 'recording:start'
  | 'recording:stop'
  | 'recording:get-state'
  | 'recording:export'
  | 'recording:read-last';

/** Largest recording `recording:read-last` sends to the page; a bigger one is opened by hand. */
export const MAX_REPLAY_READ_BYTES = 256 * 1024 * 1024;

/** A stream payload as the service pushes it. */
export interface StreamedPayload {
  stream: StreamChannel;
  payload: StreamPayloads[StreamChannel];
}

/** What the recording feature needs from the rest of the lab. */
export interface RecordingDeps {
  emit: StreamEmitter;
  /** Listens to every stream the lab pushes. */
  subscribe: (listener: (stream: StreamChannel, payload: unknown) => void) => () => void;
  systemInfo: () => Promise<SystemInfo>;
  samplingState: () => SamplingState;
  /** Full snapshots of streams that otherwise send only changes (the process table). */
  snapshots: () => Promise<StreamedPayload[]>;
  /** The IPC mechanisms (not a stream), kept in the header so a replay can name them. */
  ipcMechanisms?: () => Promise<IpcMechanismInfo[]>;
  /** Where `recording:start` puts new files. */
  directory: string;
}

/**
 * The recording feature, plus `recordTo` for the CLI (which names its own file). Write errors
 * (at start or later) end the recording and are reported in RecordingState.error.
 */
export type RecordingFeature = LabFeature<RecordingCalls> & {
  recordTo(path: string): Promise<RecordingState>;
  stopRecording(): RecordingState;
};

/**
 * Records every stream to a session file (never its own `recording:state`), and exports the
 * last finished recording. The renderer cannot choose paths: files go to the recordings folder.
 */
export function createRecordingFeature(deps: RecordingDeps): RecordingFeature {
  let recorder: SessionRecorder | null = null;
  let unsubscribe: (() => void) | null = null;
  // The last finished recording (what `recording:export` exports), shown until the next starts.
  let lastFigures: RecorderFigures | null = null;
  let error: string | null = null;
  let errorSaid: LabMessage | undefined;
  let ticker: NodeJS.Timeout | null = null;

  const state = (): RecordingState => {
    const figures = recorder?.figures() ?? lastFigures;
    return {
      active: recorder !== null,
      path: recorder?.path ?? null,
      startedAt: figures?.startedAt ?? null,
      durationMs: figures?.durationMs ?? 0,
      bytes: figures?.bytes ?? 0,
      records: figures?.records ?? 0,
      lastPath: lastFigures?.path ?? null,
      error,
      ...(errorSaid !== undefined && { errorSaid }),
    };
  };
  const publish = (): RecordingState => {
    const current = state();
    deps.emit('recording:state', current);
    return current;
  };

  const stopRecording = (): RecordingState => {
    const current = recorder;
    if (current !== null) {
      recorder = null; // first, so a write error while closing does not stop it twice
      unsubscribe?.();
      lastFigures = current.close();
    }
    if (ticker !== null) clearInterval(ticker);
    ticker = null;
    return publish();
  };

  const recordTo = async (path: string): Promise<RecordingState> => {
    if (recorder !== null) throw labError('alreadyRecording', { path: recorder.path });
    const startedAt = Date.now();
    const header = {
      format: SESSION_FORMAT,
      version: SESSION_FORMAT_VERSION,
      appVersion: APP_VERSION,
      createdAt: new Date(startedAt).toISOString(),
      startedAtMs: startedAt,
      machine: await deps.systemInfo(),
      sampling: deps.samplingState(),
      ...(deps.ipcMechanisms && { ipcMechanisms: await deps.ipcMechanisms() }),
    } as const;
    let next: SessionRecorder;
    try {
      next = new SessionRecorder(path, header, (writeError) => {
        error = `recording stopped: ${writeError.message}; the file keeps what was written before`;
        const cause = saidOf(writeError);
        errorSaid =
          cause?.key === 'cannotWrite' ? said('recordingStopped', cause.values) : undefined;
        stopRecording();
      });
    } catch (startError) {
      // Answered as state, not thrown: the page shows RecordingState.error where it shows
      // the recording, and the CLI checks it.
      error = startError instanceof Error ? startError.message : String(startError);
      errorSaid = saidOf(startError);
      return publish();
    }
    recorder = next;
    error = null;
    errorSaid = undefined;
    unsubscribe = deps.subscribe((stream, payload) => {
      if (!stream.startsWith('recording:')) next.append(stream, payload as never);
    });
    for (const snapshot of await deps.snapshots()) next.append(snapshot.stream, snapshot.payload);
    ticker = setInterval(publish, 1000);
    ticker.unref();
    return publish();
  };

  return {
    recordTo,
    stopRecording,
    handlers: {
      'recording:start': () => {
        mkdirSync(deps.directory, { recursive: true });
        return recordTo(join(deps.directory, recordingFileName(new Date())));
      },
      'recording:stop': stopRecording,
      'recording:get-state': state,
      'recording:export': async ({ format }): Promise<ExportResult> => {
        if (lastFigures === null) throw labError('nothingToExport');
        return { paths: await exportSessionFile(lastFigures.path, format) };
      },
      'recording:read-last': async (): Promise<RecordedSession> => {
        if (lastFigures === null) throw labError('nothingToReplay');
        const { path } = lastFigures;
        const { size } = await stat(path);
        if (size > MAX_REPLAY_READ_BYTES) {
          const mib = Math.round(size / 1024 / 1024);
          throw labError('replayTooLarge', { path, mib });
        }
        return { name: basename(path), text: await readFile(path, 'utf8') };
      },
    },
    dispose: () => void stopRecording(),
  };
}
