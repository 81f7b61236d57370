import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SAMPLING_INTERVAL_MS, type SamplingState } from '../../../shared/contract';
import { issuesOf, type FieldIssue } from '../../../shared/field-issues';
import { useLab, useStream } from '../hooks/lab';
import { isTypingTarget } from './typing-target';
import { FieldError, invalidProps, issueFor } from './FieldError';

/**
 * Interval field, Apply and Pause/Resume; errors from the lab are shown as they come, a refused
 * interval right under its field. Space anywhere outside a field pauses or resumes.
 */
export function SamplingControls(): React.JSX.Element {
  const { t } = useTranslation();
  const lab = useLab();
  const [state, setState] = useState<SamplingState | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const errorId = useId();

  useEffect(() => {
    lab.call('sampling:get-state', {}).then((value) => {
      setState(value);
      // Seed the field, unless the user typed in it before the state arrived.
      setDraft((typed) => (typed === '' ? String(value.intervalMs) : typed));
    }, showError);
  }, [lab]);
  useStream('sampling:state', setState);

  function showError(reason: unknown): void {
    const refused = issueFor(issuesOf(reason), 'intervalMs');
    setIssue(refused);
    setError(refused ? null : reason instanceof Error ? reason.message : String(reason));
  }

  function clearErrors(): void {
    setError(null);
    setIssue(undefined);
  }

  function apply(event: React.FormEvent): void {
    event.preventDefault();
    clearErrors();
    // Sent as typed: the lab validates it and its message says what is wrong.
    const intervalMs = draft.trim() === '' ? Number.NaN : Number(draft);
    lab.call('sampling:set-interval', { intervalMs }).then(setState, showError);
  }

  function togglePause(): void {
    clearErrors();
    lab.call(state?.paused ? 'sampling:resume' : 'sampling:pause', {}).then(setState, showError);
  }

  // The latest toggle, for the one document listener below.
  const toggle = useRef(togglePause);
  useEffect(() => {
    toggle.current = state === null ? () => undefined : togglePause;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== ' ' || event.repeat || event.ctrlKey || event.altKey || event.metaKey) {
        return;
      }
      // Space types in a field and presses a focused button: only elsewhere is it a shortcut.
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      event.preventDefault();
      toggle.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <form className="sampling-controls" onSubmit={apply}>
      <label>
        {t('common.sampling.interval')}
        <input
          name="interval"
          type="number"
          inputMode="numeric"
          value={draft}
          title={t('common.sampling.intervalTitle', {
            min: SAMPLING_INTERVAL_MS.min,
            max: SAMPLING_INTERVAL_MS.max / 1000,
          })}
          onChange={(event) => setDraft(event.target.value)}
          {...invalidProps(errorId, issue)}
        />
        <FieldError id={errorId} issue={issue} alert />
      </label>
      <button type="submit">{t('common.sampling.apply')}</button>
      <button
        type="button"
        onClick={togglePause}
        disabled={state === null}
        aria-keyshortcuts="Space"
      >
        {state?.paused ? t('common.sampling.resume') : t('common.sampling.pause')}
      </button>
      <span className="sampling-status" data-testid="sampling-status">
        {state === null
          ? ''
          : state.paused
            ? t('common.sampling.paused')
            : t('common.sampling.every', { ms: state.intervalMs })}
      </span>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
