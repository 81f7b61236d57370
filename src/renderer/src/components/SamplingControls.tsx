import { useEffect, useState } from 'react';
import { SAMPLING_INTERVAL_MS, type SamplingState } from '../../../shared/contract';
import { useLab, useStream } from '../hooks/lab';

/** Interval field, Apply and Pause/Resume; errors from the lab are shown as they come. */
export function SamplingControls(): React.JSX.Element {
  const lab = useLab();
  const [state, setState] = useState<SamplingState | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    lab.call('sampling:get-state', {}).then((value) => {
      setState(value);
      // Seed the field, unless the user typed in it before the state arrived.
      setDraft((typed) => (typed === '' ? String(value.intervalMs) : typed));
    }, showError);
  }, [lab]);
  useStream('sampling:state', setState);

  function showError(reason: unknown): void {
    setError(reason instanceof Error ? reason.message : String(reason));
  }

  function apply(event: React.FormEvent): void {
    event.preventDefault();
    setError(null);
    // Sent as typed: the lab validates it and its message says what is wrong.
    const intervalMs = draft.trim() === '' ? Number.NaN : Number(draft);
    lab.call('sampling:set-interval', { intervalMs }).then(setState, showError);
  }

  function togglePause(): void {
    setError(null);
    lab.call(state?.paused ? 'sampling:resume' : 'sampling:pause', {}).then(setState, showError);
  }

  return (
    <form className="sampling-controls" onSubmit={apply}>
      <label>
        Interval (ms)
        <input
          name="interval"
          type="number"
          inputMode="numeric"
          value={draft}
          title={`${SAMPLING_INTERVAL_MS.min} ms to ${SAMPLING_INTERVAL_MS.max / 1000} s`}
          onChange={(event) => setDraft(event.target.value)}
        />
      </label>
      <button type="submit">Apply</button>
      <button type="button" onClick={togglePause} disabled={state === null}>
        {state?.paused ? 'Resume' : 'Pause'}
      </button>
      <span className="sampling-status" data-testid="sampling-status">
        {state === null ? '' : state.paused ? 'paused' : `sampling every ${state.intervalMs} ms`}
      </span>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
