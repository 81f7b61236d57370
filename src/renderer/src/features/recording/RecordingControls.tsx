import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, labMessageText } from '../../lib/issue-text';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type RecordingState,
} from '../../../../shared/recording';
import { parseSession, type ParsedSession } from '../../../../shared/session-format';
import { useLab, useStream } from '../../hooks/lab';

const size = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} KiB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;
const duration = (ms: number): string => {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/**
 * Record/Stop with the recording's duration and size; the last recording's name, with Replay
 * (which opens it the way "Open recording…" opens a picked file) and its exports.
 */
export function RecordingControls({
  onReplay,
}: {
  /** Opens a parsed recording in replay. */
  onReplay: (session: ParsedSession, name: string) => void;
}): React.JSX.Element {
  const lab = useLab();
  const { t } = useTranslation();
  const [state, setState] = useState<RecordingState | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    lab.call('recording:get-state', {}).then(setState, () => setState(null));
  }, [lab]);
  useStream('recording:state', setState);

  const fail = (reason: unknown): void => setMessage({ text: errorText(reason, t), error: true });

  function toggle(): void {
    setMessage(null);
    lab.call(state?.active ? 'recording:stop' : 'recording:start', {}).then(setState, fail);
  }

  function exportAs(format: ExportFormat): void {
    setMessage({ text: t('replay.recording.exporting', { format }), error: false });
    lab.call('recording:export', { format }).then(
      ({ paths }) =>
        setMessage({
          text: t('replay.recording.saved', { paths: paths.join(', ') }),
          error: false,
        }),
      fail,
    );
  }

  function replayLast(): void {
    setMessage(null);
    lab.call('recording:read-last', {}).then(({ name, text }) => {
      try {
        onReplay(parseSession(text), name);
      } catch (reason) {
        fail(new Error(`${name}: ${reason instanceof Error ? reason.message : String(reason)}`));
      }
    }, fail);
  }

  return (
    <div className="recording-controls" data-testid="recording-controls">
      <button
        type="button"
        className={state?.active ? 'recording' : ''}
        onClick={toggle}
        disabled={state === null}
      >
        {state?.active ? t('replay.recording.stop') : t('replay.recording.record')}
      </button>
      {state?.active && (
        <span className="recording-status" data-testid="recording-status" title={state.path ?? ''}>
          {t('replay.recording.status', {
            duration: duration(state.durationMs),
            size: size(state.bytes),
          })}
        </span>
      )}
      {!state?.active && state?.lastPath && (
        <span className="recording-status" title={state.lastPath}>
          {t('replay.recording.last')}{' '}
          <code data-testid="last-recording">{baseName(state.lastPath)}</code>
          <button type="button" onClick={replayLast}>
            {t('replay.recording.replay')}
          </button>
          {t('replay.recording.export')}
          {EXPORT_FORMATS.map((format) => (
            <button key={format} type="button" onClick={() => exportAs(format)}>
              {format === 'trace' ? t('replay.recording.trace') : format.toUpperCase()}
            </button>
          ))}
        </span>
      )}
      {message === null && state?.error && (
        <p className="error" role="alert">
          {state.errorSaid !== undefined ? labMessageText(state.errorSaid, t) : state.error}
        </p>
      )}
      {message !== null && (
        <p className={message.error ? 'error' : 'note'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
