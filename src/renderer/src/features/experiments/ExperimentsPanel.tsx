import { useState } from 'react';
import {
  experimentParamsSchema,
  type ExperimentParams,
  type ExperimentParamsInput,
  type PythonStatus,
} from '../../../../shared/experiments';
import { frozenWhileHidden } from '../../hooks/frozen-while-hidden';
import { useTabVisible } from '../../hooks/tab-visibility';
import { CompareView } from './ResultsCompareView';
import { ExperimentForm } from './ExperimentForm';
import { LessonsList } from './LessonsList';
import { formRunOf } from './presets';
import { ResultsTable } from './ResultsTable';
import { RunProgress } from './RunProgress';
import { LiveRunPanel, useRunLanesStore } from './run-panel/LiveRunPanel';
import { useExperiments, type ExperimentsView } from './use-experiments';
import type { RunLanesStore } from '../../stores/run-lanes-store';
import './experiments.css';

function PythonLine(props: {
  python: PythonStatus | null;
  onSetPath: (path: string | null) => void;
}): React.JSX.Element {
  const [path, setPath] = useState('');
  const { python } = props;
  const gil =
    python?.gilEnabled === null || python?.gilEnabled === undefined
      ? ''
      : python.gilEnabled
        ? ' · GIL on'
        : ' · GIL off (free-threaded)';
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
        <span className="hint">Checking for Python…</span>
      ) : python.available ? (
        <span>
          Python {python.version} at <code>{python.path}</code>
          {gil}
        </span>
      ) : (
        <span className="warning" role="status">
          {python.error}
        </span>
      )}
      <input
        name="python-path"
        placeholder="python3 path (empty: search)"
        aria-label="Python path"
        value={path}
        onChange={(event) => setPath(event.target.value)}
      />
      <button type="submit">Use</button>
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
  const compared = view.results.filter((r) => selected.has(r.runId) && r.status === 'ok');
  const latest = view.results.at(-1);

  return (
    <section className="panel experiments-panel" data-testid="experiments-panel">
      <header className="panel-header">
        <h2>Experiments</h2>
        <span className="hint">
          each run has its own host process; its processes are highlighted in the process view
        </span>
      </header>
      <PythonLine
        python={view.state?.python ?? null}
        onSetPath={(path) => void view.setPythonPath(path)}
      />
      <LessonsList
        cores={cores}
        pythonAvailable={pythonAvailable}
        disabled={view.busy}
        active={active}
        onPick={queuePreset}
      />
      <div className="experiment-controls">
        <ExperimentForm
          key={formRun.key}
          initial={formRun.run}
          active={active}
          cores={cores}
          pythonAvailable={pythonAvailable}
          disabled={view.busy}
          onStart={(run) => queue([run])}
        />
        <button type="button" className="danger" onClick={view.stop} disabled={!active}>
          Stop
        </button>
      </div>
      {view.error !== null && (
        <p className="error" role="alert" data-testid="experiment-error">
          {view.error}
        </p>
      )}
      <RunProgress state={view.state} progress={view.progress} events={view.events} />
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
          {latest.conclusion}
        </p>
      )}
      <header className="panel-header">
        <h2>Results</h2>
        <span className="hint">kept for this session · tick runs to compare them</span>
        <button
          type="button"
          onClick={view.clear}
          disabled={view.results.length === 0 || view.busy}
        >
          Clear
        </button>
      </header>
      <ResultsTable results={view.results} selected={selected} onToggle={toggle} />
      <header className="panel-header">
        <h2>Compare</h2>
      </header>
      <CompareView results={compared} />
    </section>
  );
});
