import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue } from '../../../../shared/field-issues';
import { isLabMessage } from '../../../../shared/lab-messages';
import { labMessageText } from '../../lib/issue-text';
import { FieldError, invalidProps, issueFor } from '../../components/FieldError';
import {
  experimentParamsSchema,
  type ExperimentParams,
  type ExperimentParamsInput,
  type PythonStatus,
} from '../../../../shared/experiment-params';
import { frozenWhileHidden } from '../../hooks/frozen-while-hidden';
import { useReplaying } from '../../hooks/replaying';
import { ReplayDisabledNote } from '../replay/ReplayDisabledNote';
import { useTabVisible } from '../../hooks/tab-visibility';
import { CompareView } from './ResultsCompareView';
import { ExperimentForm } from './ExperimentForm';
import { LessonsList } from './LessonsList';
import { formRunOf } from './presets';
import { ResultsTable } from './ResultsTable';
import { RunProgress } from './RunProgress';
import { LiveRunPanel, useRunLanesStore } from './run-panel/LiveRunPanel';
import { useExperiments, type ExperimentsView } from './use-experiments';
import { useExperimentWords } from './phrases';
import type { RunLanesStore } from '../../stores/run-lanes-store';
import './experiments.css';

function PythonLine(props: {
  python: PythonStatus | null;
  /** A recording is replayed: nothing to set. */
  disabled: boolean;
  /** The lab's refusal of the path, if any. */
  issue: FieldIssue | undefined;
  onSetPath: (path: string | null) => void;
}): React.JSX.Element {
  const [path, setPath] = useState('');
  const errorId = useId();
  const { t } = useTranslation();
  const { python } = props;
  const gil =
    python?.gilEnabled === null || python?.gilEnabled === undefined
      ? ''
      : python.gilEnabled
        ? t('experiments.python.gilOn')
        : t('experiments.python.gilOff');
  return (
    <form
      className="python-line"
      data-testid="python-status"
      onSubmit={(event) => {
        event.preventDefault();
        props.onSetPath(path.trim() === '' ? null : path.trim());
      }}
    >
      {python === null ? (
        <span className="hint">{t('experiments.python.checking')}</span>
      ) : python.available ? (
        <span>
          {t('experiments.python.found', { version: python.version })} <code>{python.path}</code>
          {gil}
        </span>
      ) : (
        <span className="warning" role="status">
          {isLabMessage(python.errorSaid) ? labMessageText(python.errorSaid, t) : python.error}
        </span>
      )}
      <input
        name="python-path"
        placeholder={t('experiments.python.placeholder')}
        aria-label={t('experiments.python.pathLabel')}
        value={path}
        onChange={(event) => setPath(event.target.value)}
        disabled={props.disabled}
        {...invalidProps(errorId, props.issue)}
      />
      <button type="submit" disabled={props.disabled}>
        {t('experiments.python.use')}
      </button>
      <FieldError id={errorId} issue={props.issue} />
    </form>
  );
}

/** The Experiments tab: run settings, presets, Start/Stop, progress, results and compare view. */
export function ExperimentsPanel(): React.JSX.Element {
  const visible = useTabVisible();
  const lanes = useRunLanesStore();
  return <ExperimentsContent visible={visible} view={useExperiments()} lanes={lanes} />;
}

/** The tab's content; while the tab is hidden, progress and results re-render none of it. */
const ExperimentsContent = frozenWhileHidden(function ExperimentsContent(props: {
  visible: boolean;
  view: ExperimentsView;
  lanes: RunLanesStore;
}): React.JSX.Element {
  const { view } = props;
  const replaying = useReplaying();
  const words = useExperimentWords();
  const { t } = words;
  const running = view.state?.running ?? null;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const cores = view.state?.logicalCores ?? navigator.hardwareConcurrency;
  const pythonAvailable = view.state?.python.available === true;
  const active = view.state !== null && (view.state.running !== null || view.state.queued > 0);

  const queue = (runs: ExperimentParams[]): void => {
    void view.start(runs).then((runIds) => {
      if (runIds !== null) setSelected(new Set(runIds));
    });
  };
  // The form shows a picked preset's values: a new key remounts it with them.
  const [formRun, setFormRun] = useState<{ key: number; run: ExperimentParamsInput | null }>({
    key: 0,
    run: null,
  });
  const queuePreset = (runs: ExperimentParamsInput[]): void => {
    setFormRun((previous) => ({ key: previous.key + 1, run: formRunOf(runs) }));
    queue(runs.map((run) => experimentParamsSchema.parse(run)));
  };
  const toggle = (runId: string): void =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(runId)) next.delete(runId);
      else next.add(runId);
      return next;
    });
  // Kept while neither changes, so the compare charts skip the tab's other renders.
  const compared = useMemo(
    () => view.results.filter((r) => selected.has(r.runId) && r.status === 'ok'),
    [view.results, selected],
  );
  const latest = view.results.at(-1);

  return (
    <section className="panel experiments-panel" data-testid="experiments-panel">
      <header className="panel-header">
        <h2>{t('experiments.panel.heading')}</h2>
        <span className="hint">{t('experiments.panel.hint')}</span>
      </header>
      <PythonLine
        python={view.state?.python ?? null}
        disabled={replaying}
        issue={issueFor(view.issues, 'path')}
        onSetPath={(path) => void view.setPythonPath(path)}
      />
      <ReplayDisabledNote />
      <LessonsList
        cores={cores}
        pythonAvailable={pythonAvailable}
        disabled={view.busy || replaying}
        active={active}
        onPick={queuePreset}
      />
      <div className="experiment-controls">
        <ExperimentForm
          key={formRun.key}
          initial={formRun.run}
          issues={view.issues}
          active={active}
          cores={cores}
          pythonAvailable={pythonAvailable}
          python={view.state?.python ?? null}
          disabled={view.busy || replaying}
          onStart={(run) => queue([run])}
        />
        <button
          type="button"
          className="danger"
          onClick={view.stop}
          disabled={!active || replaying}
        >
          {t('experiments.panel.stop')}
        </button>
      </div>
      {view.error !== null && (
        <p className="error" role="alert" data-testid="experiment-error">
          {view.error}
        </p>
      )}
      <RunProgress state={view.state} live={view.live} />
      {running !== null && (
        <LiveRunPanel
          store={props.lanes}
          runId={running.runId}
          model={running.params.model}
          cores={cores}
          gilEnabled={view.state?.python.gilEnabled ?? null}
        />
      )}
      {latest !== undefined && (
        <p className="conclusion" data-testid="latest-conclusion">
          {words.conclusion(latest, view.results)}
        </p>
      )}
      <header className="panel-header">
        <h2>{t('experiments.panel.results')}</h2>
        <span className="hint">{t('experiments.panel.resultsHint')}</span>
        <button
          type="button"
          onClick={view.clear}
          disabled={view.results.length === 0 || view.busy || replaying}
        >
          {t('experiments.panel.clear')}
        </button>
      </header>
      <ResultsTable results={view.results} selected={selected} onToggle={toggle} />
      <header className="panel-header">
        <h2>{t('experiments.panel.compare')}</h2>
      </header>
      <CompareView results={compared} all={view.results} />
    </section>
  );
});
