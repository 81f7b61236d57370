import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExperimentParams, PythonStatus } from '../../../../shared/experiment-params';
import type { ExperimentResult, ExperimentState } from '../../../../shared/experiment-results';
import { issuesOf, type FieldIssue } from '../../../../shared/field-issues';
import { useLab, useStream } from '../../hooks/lab';
import { errorText } from '../../lib/issue-text';
import { RunProgressStore } from '../../stores/run-progress-store';

/** Results kept in the view (the lab keeps 200 too). */
const MAX_RESULTS = 200;

/** Everything the experiments tab shows, and what it can do. */
export interface ExperimentsView {
  state: ExperimentState | null;
  results: ExperimentResult[];
  /** The running run's progress and events: read by the progress view alone, once a frame. */
  live: RunProgressStore;
  error: string | null;
  /** The fields the lab refused in the last call, for the forms to mark. */
  issues: readonly FieldIssue[];
  /** True while a call is on its way (buttons wait for it). */
  busy: boolean;
  /** Queues runs; resolves with their ids (baselines included), or null on an error. */
  start(runs: ExperimentParams[]): Promise<string[] | null>;
  stop(): void;
  clear(): void;
  setPythonPath(path: string | null): Promise<PythonStatus | null>;
  dismissError(): void;
}

/** Subscribes to the experiment streams and wraps the experiment calls. */
export function useExperiments(): ExperimentsView {
  const lab = useLab();
  const { t } = useTranslation();
  const [state, setState] = useState<ExperimentState | null>(null);
  const [results, setResults] = useState<ExperimentResult[]>([]);
  const [live] = useState(() => new RunProgressStore());
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<readonly FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // While a recording is replayed, these answer as of the replay position (after a seek too).
    lab.call('experiment:get-state', {}).then(setState, () => setState(null));
    lab.call('experiment:list-results', {}).then(setResults, () => undefined);
  }, [lab]);

  useStream('experiment:state', setState);
  useStream('experiment:progress', (progress) => live.setProgress(progress));
  useStream('experiment:result', (result) => {
    setResults((previous) =>
      [...previous.filter((r) => r.runId !== result.runId), result].slice(-MAX_RESULTS),
    );
  });
  useStream('experiment:event', (event) => live.addEvent(event));

  const guarded = useCallback(
    <T>(call: () => Promise<T>): Promise<T | null> => {
      setError(null);
      setIssues([]);
      setBusy(true);
      return call().then(
        (value) => {
          setBusy(false);
          return value;
        },
        (reason: unknown) => {
          setBusy(false);
          setError(errorText(reason, t));
          setIssues(issuesOf(reason));
          return null;
        },
      );
    },
    [t],
  );

  return {
    state,
    results,
    live,
    error,
    issues,
    busy,
    // The lab validates: parameters are sent as typed and its message says what is wrong.
    start: (runs) =>
      guarded(() => lab.call('experiment:start', { runs })).then(
        (started) => started?.runIds ?? null,
      ),
    stop: () => void guarded(() => lab.call('experiment:stop', {})),
    clear: () => {
      void guarded(() => lab.call('experiment:clear-results', {})).then((cleared) => {
        if (cleared !== null) setResults([]);
      });
    },
    setPythonPath: (path) => guarded(() => lab.call('experiment:set-python', { path })),
    dismissError: () => {
      setError(null);
      setIssues([]);
    },
  };
}
