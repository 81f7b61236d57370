import { useState } from 'react';
import {
  EXPERIMENT_LIMITS as L,
  MODELS,
  MODEL_LABELS,
  SUBMIT_STYLES,
  WORKLOADS,
  WORKLOAD_LABELS,
  isAsyncModel,
  isPythonModel,
  isSequentialModel,
  type ExperimentParams,
  type ExperimentParamsInput,
  type Model,
  type SubmitStyle,
  type Workload,
} from '../../../../shared/experiments';
import { NumberField } from '../../components/NumberField';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { formatCount } from '../../lib/format';
import { coresNeeded } from '../../../../shared/experiment-expectations';
import { FreeCoresWarning } from './free-cores';

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

const WORKLOAD_OPTIONS = WORKLOADS.map((value) => ({ value, label: WORKLOAD_LABELS[value] }));

const SUBMIT_OPTIONS: SelectOption<SubmitStyle>[] = SUBMIT_STYLES.map((value) => ({
  value,
  label: value === 'apply' ? 'apply (wait each)' : 'apply_async + close + join',
}));

/**
 * Workload, model and sizes of one run; Start queues it. `initial` fills it in (the run a
 * picked preset queued): remount it with a new key to show another preset's values.
 */
export function ExperimentForm(props: {
  cores: number;
  pythonAvailable: boolean;
  disabled: boolean;
  /** True while a run goes or waits: the free-core warning then measures the lab's own run. */
  active: boolean;
  initial?: ExperimentParamsInput | null;
  onStart: (run: ExperimentParams) => void;
}): React.JSX.Element {
  const initial = props.initial ?? null;
  const [workload, setWorkload] = useState<Workload>(initial?.workload ?? 'cpu');
  const [model, setModel] = useState<Model>(initial?.model ?? 'node-worker-pool');
  const [submit, setSubmit] = useState<SubmitStyle>(initial?.submit ?? 'apply-async');
  const [baseline, setBaseline] = useState(initial?.baseline !== 'skip');
  const [drafts, setDrafts] = useState<Drafts>(() => draftsOf(initial));
  /** The props a NumberField needs to edit one draft. */
  const draft = (name: keyof Drafts) => ({
    name,
    value: drafts[name],
    onChange: (value: string) => setDrafts((previous) => ({ ...previous, [name]: value })),
  });
  const modelOptions = MODELS.map((value) => {
    const missing = isPythonModel(value) && !props.pythonAvailable;
    const label = MODEL_LABELS[value];
    return { value, label: missing ? `${label} (no Python)` : label, disabled: missing };
  });

  const usesWorkers = !isSequentialModel(model) && !isAsyncModel(model);
  const usesCpu = workload === 'cpu' || workload === 'mixed' || workload === 'event';
  const usesLatency =
    workload === 'timer' || workload === 'echo' || workload === 'mixed' || workload === 'event';
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
    });
  }

  return (
    <form className="experiment-form" onSubmit={start} data-testid="experiment-form">
      <SelectField
        label="Workload"
        name="workload"
        value={workload}
        options={WORKLOAD_OPTIONS}
        onChange={setWorkload}
      />
      <SelectField
        label="Model"
        name="model"
        value={model}
        options={modelOptions}
        onChange={setModel}
      />
      {usesWorkers && (
        <NumberField
          label="Workers"
          {...draft('workers')}
          placeholder={`${props.cores} (cores)`}
          title={`${L.workers.min}..${L.workers.max} threads or processes; empty = one per logical core`}
        />
      )}
      {isAsyncModel(model) && (
        <NumberField
          label="In flight"
          {...draft('concurrency')}
          title={`tasks in flight at once, ${L.concurrency.min}..${L.concurrency.max}`}
        />
      )}
      <NumberField
        label="Tasks"
        {...draft('tasks')}
        title={`${L.tasks.min}..${formatCount(L.tasks.max)}`}
      />
      {usesCpu && (
        <NumberField
          label="Size (numbers/task)"
          {...draft('cpuSize')}
          title="integers each task tests for primality"
        />
      )}
      {usesLatency && (
        <NumberField
          label="Latency (ms)"
          {...draft('latencyMs')}
          title="how long each task waits (timer, echo server reply)"
        />
      )}
      {workload === 'file' && (
        <NumberField
          label="File size (KiB)"
          {...draft('fileKiB')}
          title={`each generated file, ${L.fileKiB.min}..${L.fileKiB.max} KiB`}
        />
      )}
      {POOL_MODELS.includes(model) && (
        <SelectField
          label="Submit"
          name="submit"
          value={submit}
          options={SUBMIT_OPTIONS}
          onChange={setSubmit}
          title="apply waits for each result; apply_async submits all, then close + join"
        />
      )}
      <NumberField
        label="Time limit (s)"
        {...draft('timeoutS')}
        title={`the run is ended after this long, at most ${L.timeoutS.max} s`}
      />
      <label
        className="field checkbox"
        title="run the same workload sequentially first, unless one is kept"
      >
        <input type="checkbox" checked={baseline} onChange={(e) => setBaseline(e.target.checked)} />
        <span>Sequential baseline</span>
      </label>
      <button type="submit" className="primary" disabled={props.disabled}>
        Start
      </button>
      <FreeCoresWarning
        needed={needed}
        what="this run"
        hidden={props.active}
        testId="free-cores-warning"
      />
    </form>
  );
}
