import { useState } from 'react';
import {
  EXPERIMENT_LIMITS as L,
  pythonModelRefusal,
  type ExperimentParams,
  type ExperimentParamsInput,
  type PythonStatus,
} from '../../../../shared/experiment-params';
import {
  MODELS,
  SUBMIT_STYLES,
  WORKLOADS,
  isAsyncModel,
  isPythonModel,
  isSequentialModel,
  type Model,
  type SubmitStyle,
  type Workload,
} from '../../../../shared/experiment-models';
import type { FieldIssue } from '../../../../shared/field-issues';
import { issueFor } from '../../components/FieldError';
import { NumberField } from '../../components/NumberField';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { formatCount } from '../../lib/format';
import { labMessageText } from '../../lib/issue-text';
import { coresNeeded } from '../../../../shared/experiment-expectations';
import { FreeCoresLine } from './free-cores';
import { useExperimentWords } from './phrases';
import { tracesTasks } from '../../lib/task-lanes-text';

const POOL_MODELS: readonly Model[] = [
  'node-worker-pool',
  'node-process-pool',
  'python-threads',
  'python-custom-pool',
  'python-processes',
];

/** Text as typed → a number; empty or junk becomes NaN so the lab's message names the field. */
const toNumber = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

interface Drafts {
  workers: string;
  concurrency: string;
  tasks: string;
  cpuSize: string;
  latencyMs: string;
  fileKiB: string;
  timeoutS: string;
}

const initialDrafts: Drafts = {
  workers: '',
  concurrency: String(L.concurrency.default),
  tasks: String(L.tasks.default),
  cpuSize: String(L.cpuSize.default),
  latencyMs: String(L.latencyMs.default),
  fileKiB: String(L.fileKiB.default),
  timeoutS: String(L.timeoutS.default),
};

/** The drafts of a run's numbers, e.g. of the run a preset queued. */
function draftsOf(run: ExperimentParamsInput | null): Drafts {
  if (run === null) return initialDrafts;
  const text = (value: number | undefined, fallback: string): string =>
    value === undefined ? fallback : String(value);
  return {
    workers: text(run.workers, ''),
    concurrency: text(run.concurrency, initialDrafts.concurrency),
    tasks: text(run.tasks, initialDrafts.tasks),
    cpuSize: text(run.cpuSize, initialDrafts.cpuSize),
    latencyMs: text(run.latencyMs, initialDrafts.latencyMs),
    fileKiB: text(run.fileKiB, initialDrafts.fileKiB),
    timeoutS: text(run.timeoutS, initialDrafts.timeoutS),
  };
}

/**
 * Workload, model and sizes of one run; Start queues it. `initial` fills it in (the run a
 * picked preset queued): remount it with a new key to show another preset's values.
 */
export function ExperimentForm(props: {
  cores: number;
  pythonAvailable: boolean;
  /** The interpreter, to disable the models it cannot run (with the reason). */
  python?: PythonStatus | null;
  disabled: boolean;
  /** True while a run goes or waits: the free-core warning then measures the lab's own run. */
  active: boolean;
  initial?: ExperimentParamsInput | null;
  /** Fields the lab refused in the last start (the form's run is the request's first). */
  issues?: readonly FieldIssue[];
  onStart: (run: ExperimentParams) => void;
}): React.JSX.Element {
  const initial = props.initial ?? null;
  const [workload, setWorkload] = useState<Workload>(initial?.workload ?? 'cpu');
  const [model, setModel] = useState<Model>(initial?.model ?? 'node-worker-pool');
  const [submit, setSubmit] = useState<SubmitStyle>(initial?.submit ?? 'apply-async');
  const [baseline, setBaseline] = useState(initial?.baseline !== 'skip');
  const [traceTasks, setTraceTasks] = useState(initial?.traceTasks !== false);
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(initial));
  const words = useExperimentWords();
  const { t } = words;
  const workloadOptions = WORKLOADS.map((value) => ({ value, label: words.workload(value) }));
  const submitOptions: SelectOption<SubmitStyle>[] = SUBMIT_STYLES.map((value) => ({
    value,
    label: t(value === 'apply' ? 'experiments.form.submitApply' : 'experiments.form.submitAsync'),
  }));
  /** The lab's refusal of one of this run's fields. */
  const issue = (name: string): FieldIssue | undefined =>
    issueFor(props.issues ?? [], name, ['runs', 0]);
  /** The props a NumberField needs to edit one draft. */
  const draft = (name: keyof Drafts) => ({
    name,
    value: drafts[name],
    issue: issue(name),
    onChange: (value: string) => setDrafts((previous) => ({ ...previous, [name]: value })),
  });
  const modelOptions = MODELS.map((value) => {
    const missing = isPythonModel(value) && !props.pythonAvailable;
    const label = words.model(value);
    // A model this Python cannot run (python-gevent without gevent) says why, in its entry.
    const refusal = props.python ? pythonModelRefusal(value, props.python) : null;
    if (refusal !== null) {
      return {
        value,
        label: t('experiments.form.refused', { label, reason: labMessageText(refusal, t) }),
        disabled: true,
      };
    }
    const shown = missing ? t('experiments.form.noPython', { label }) : label;
    return { value, label: shown, disabled: missing };
  });

  const usesWorkers = !isSequentialModel(model) && !isAsyncModel(model);
  const gated = workload === 'event' || workload === 'condition';
  const usesCpu = workload === 'cpu' || workload === 'mixed' || gated;
  const usesLatency =
    workload === 'timer' ||
    workload === 'echo' ||
    workload === 'mixed' ||
    gated ||
    workload === 'blocking';
  const typedWorkers = Number(drafts.workers);
  const workers =
    drafts.workers.trim() !== '' && Number.isFinite(typedWorkers) ? typedWorkers : props.cores;
  const needed = coresNeeded({ model, submit, workers }, props.cores);

  function start(event: React.FormEvent): void {
    event.preventDefault();
    props.onStart({
      workload,
      model,
      ...(usesWorkers && drafts.workers.trim() !== '' ? { workers: toNumber(drafts.workers) } : {}),
      concurrency: toNumber(drafts.concurrency),
      tasks: toNumber(drafts.tasks),
      cpuSize: toNumber(drafts.cpuSize),
      latencyMs: toNumber(drafts.latencyMs),
      fileKiB: toNumber(drafts.fileKiB),
      submit,
      timeoutS: toNumber(drafts.timeoutS),
      baseline: baseline ? 'auto' : 'skip',
      traceTasks,
    });
  }

  return (
    <form className="experiment-form" onSubmit={start} data-testid="experiment-form">
      <SelectField
        label={t('experiments.form.workload')}
        name="workload"
        value={workload}
        options={workloadOptions}
        onChange={setWorkload}
        issue={issue('workload')}
      />
      <SelectField
        label={t('experiments.form.model')}
        name="model"
        value={model}
        options={modelOptions}
        onChange={setModel}
        issue={issue('model')}
      />
      {usesWorkers && (
        <NumberField
          label={t('experiments.form.workers')}
          {...draft('workers')}
          placeholder={t('experiments.form.workersPlaceholder', { cores: props.cores })}
          title={t('experiments.form.workersTitle', { min: L.workers.min, max: L.workers.max })}
        />
      )}
      {isAsyncModel(model) && (
        <NumberField
          label={t('experiments.form.inFlight')}
          {...draft('concurrency')}
          title={t('experiments.form.inFlightTitle', {
            min: L.concurrency.min,
            max: L.concurrency.max,
          })}
        />
      )}
      <NumberField
        label={t('experiments.form.tasks')}
        {...draft('tasks')}
        title={`${L.tasks.min}..${formatCount(L.tasks.max)}`}
      />
      {usesCpu && (
        <NumberField
          label={t('experiments.form.size')}
          {...draft('cpuSize')}
          title={t('experiments.form.sizeTitle')}
        />
      )}
      {usesLatency && (
        <NumberField
          label={t('experiments.form.latency')}
          {...draft('latencyMs')}
          title={t('experiments.form.latencyTitle')}
        />
      )}
      {workload === 'file' && (
        <NumberField
          label={t('experiments.form.fileSize')}
          {...draft('fileKiB')}
          title={t('experiments.form.fileSizeTitle', { min: L.fileKiB.min, max: L.fileKiB.max })}
        />
      )}
      {POOL_MODELS.includes(model) && (
        <SelectField
          label={t('experiments.form.submit')}
          name="submit"
          value={submit}
          options={submitOptions}
          onChange={setSubmit}
          issue={issue('submit')}
          title={t('experiments.form.submitTitle')}
        />
      )}
      <NumberField
        label={t('experiments.form.timeLimit')}
        {...draft('timeoutS')}
        title={t('experiments.form.timeLimitTitle', { max: L.timeoutS.max })}
      />
      <label className="field checkbox" title={t('experiments.form.baselineTitle')}>
        <input type="checkbox" checked={baseline} onChange={(e) => setBaseline(e.target.checked)} />
        <span>{t('experiments.form.baseline')}</span>
      </label>
      {tracesTasks(model) && (
        <label className="field checkbox" title={t('experiments.form.traceTasksTitle')}>
          <input
            type="checkbox"
            name="traceTasks"
            checked={traceTasks}
            onChange={(e) => setTraceTasks(e.target.checked)}
          />
          <span>{t('experiments.form.traceTasks')}</span>
        </label>
      )}
      <button type="submit" className="primary" disabled={props.disabled}>
        {t('experiments.form.start')}
      </button>
      <FreeCoresLine needed={needed} subject="run" hidden={props.active} testId="free-cores" />
    </form>
  );
}
