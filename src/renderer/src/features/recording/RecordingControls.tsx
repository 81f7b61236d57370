import { useEffect, useState } from 'react';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type RecordingState,
} from '../../../../shared/recording';
import { useLab, useStream } from '../../hooks/lab';

const size = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} KiB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const duration = (ms: number): string => {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/** Record/Stop with the recording's duration and size, and export of the last recording. */
export function RecordingControls(): React.JSX.Element {
  const lab = useLab();
  const [state, setState] = useState<RecordingState | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  useEffect(() => {
    lab.call('recording:get-state', {}).then(setState, () => setState(null));
  }, [lab]);
  useStream('recording:state', setState);

  const fail = (reason: unknown): void =>
    setMessage({ text: reason instanceof Error ? reason.message : String(reason), error: true });

  function toggle(): void {
    setMessage(null);
    lab.call(state?.active ? 'recording:stop' : 'recording:start', {}).then(setState, fail);
  }

  function exportAs(format: ExportFormat): void {
    setMessage({ text: `Exporting ${format}…`, error: false });
    lab
      .call('recording:export', { format })
      .then(({ paths }) => setMessage({ text: `Saved ${paths.join(', ')}`, error: false }), fail);
  }

  return (
    <div className="recording-controls" data-testid="recording-controls">
      <button
        type="button"
        className={state?.active ? 'recording' : ''}
        onClick={toggle}
        disabled={state === null}
      >
        {state?.active ? '■ Stop recording' : '● Record'}
      </button>
      {state?.active && (
        <span className="recording-status" data-testid="recording-status" title={state.path ?? ''}>
          REC {duration(state.durationMs)} · {size(state.bytes)}
        </span>
      )}
      {!state?.active && state?.lastPath && (
        <span className="recording-status" title={state.lastPath}>
          Export last recording:
          {EXPORT_FORMATS.map((format) => (
            <button key={format} type="button" onClick={() => exportAs(format)}>
              {format === 'trace' ? 'Perfetto trace' : format.toUpperCase()}
            </button>
          ))}
        </span>
      )}
      {message === null && state?.error && (
        <p className="error" role="alert">
          {state.error}
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
