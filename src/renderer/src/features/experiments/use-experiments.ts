import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ExperimentEvent,
  ExperimentParams,
  ExperimentProgress,
  ExperimentResult,
  ExperimentState,
  PythonStatus,
} from '../../../../shared/experiments';
import { issuesOf, type FieldIssue } from '../../../../shared/field-issues';
import { useLab, useStream } from '../../hooks/lab';
import { errorText } from '../../lib/issue-text';

/** Results kept in the view (the lab keeps 200 too). */
const MAX_RESULTS = 200;
/** Timeline events shown for the running run. */
const MAX_EVENTS = 40;

/** Everything the experiments tab shows, and what it can do. */
export interface ExperimentsView {
  state: ExperimentState | null;
  results: ExperimentResult[];
  progress: ExperimentProgress | null;
  /** Recent events of the running (or last) run, newest last. */
  events: ExperimentEvent[];
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
  const [progress, setProgress] = useState<ExperimentProgress | null>(null);
  const [events, setEvents] = useState<ExperimentEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<readonly FieldIssue[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // While a recording is replayed, these answer as of the replay position (after a seek too).
    lab.call('experiment:get-state', {}).then(setState, () => setState(null));
    lab.call('experiment:list-results', {}).then(setResults, () => undefined);
  }, [lab]);

  useStream('experiment:state', setState);
  useStream('experiment:progress', setProgress);
  useStream('experiment:result', (result) => {
    setResults((previous) =>
      [...previous.filter((r) => r.runId !== result.runId), result].slice(-MAX_RESULTS),
    );
  });
  useStream('experiment:event', (event) => {
    setEvents((previous) => {
      const sameRun = previous.length > 0 && previous[0]?.runId === event.runId;
      return [...(sameRun ? previous : []), event].slice(-MAX_EVENTS);
    });
  });

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
    progress,
    events,
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
