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
  type Model,
  type SubmitStyle,
  type Workload,
} from '../../../../shared/experiments';

const POOL_MODELS: readonly Model[] = [
  'node-worker-pool',
  'node-process-pool',
  'python-threads',
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

function NumberField(props: {
  label: string;
  name: keyof Drafts;
  drafts: Drafts;
  hint: string;
  placeholder?: string;
  onChange: (name: keyof Drafts, value: string) => void;
}): React.JSX.Element {
  return (
    <label className="field" title={props.hint}>
      <span>{props.label}</span>
      <input
        name={props.name}
        type="number"
        inputMode="numeric"
        value={props.drafts[props.name]}
        placeholder={props.placeholder}
        onChange={(event) => props.onChange(props.name, event.target.value)}
      />
    </label>
  );
}

/** Workload, model and sizes of one run; Start queues it. */
export function ExperimentForm(props: {
  cores: number;
  pythonAvailable: boolean;
  disabled: boolean;
  onStart: (run: ExperimentParams) => void;
}): React.JSX.Element {
  const [workload, setWorkload] = useState<Workload>('cpu');
  const [model, setModel] = useState<Model>('node-worker-pool');
  const [submit, setSubmit] = useState<SubmitStyle>('apply-async');
  const [baseline, setBaseline] = useState(true);
  const [drafts, setDrafts] = useState<Drafts>(initialDrafts);
  const change = (name: keyof Drafts, value: string): void =>
    setDrafts((previous) => ({ ...previous, [name]: value }));

  const usesWorkers = !isSequentialModel(model) && !isAsyncModel(model);
  const usesCpu = workload === 'cpu' || workload === 'mixed';
  const usesLatency = workload === 'timer' || workload === 'echo' || workload === 'mixed';

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
      <label className="field">
        <span>Workload</span>
        <select
          name="workload"
          value={workload}
          onChange={(e) => setWorkload(e.target.value as Workload)}
        >
          {WORKLOADS.map((id) => (
            <option key={id} value={id}>
              {WORKLOAD_LABELS[id]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Model</span>
        <select name="model" value={model} onChange={(e) => setModel(e.target.value as Model)}>
          {MODELS.map((id) => (
            <option key={id} value={id} disabled={isPythonModel(id) && !props.pythonAvailable}>
              {MODEL_LABELS[id]}
              {isPythonModel(id) && !props.pythonAvailable ? ' (no Python)' : ''}
            </option>
          ))}
        </select>
      </label>
      {usesWorkers && (
        <NumberField
          label="Workers"
          name="workers"
          drafts={drafts}
          onChange={change}
          placeholder={`${props.cores} (cores)`}
          hint={`${L.workers.min}..${L.workers.max} threads or processes; empty = one per logical core`}
        />
      )}
      {isAsyncModel(model) && (
        <NumberField
          label="In flight"
          name="concurrency"
          drafts={drafts}
          onChange={change}
          hint={`tasks in flight at once, ${L.concurrency.min}..${L.concurrency.max}`}
        />
      )}
      <NumberField
        label="Tasks"
        name="tasks"
        drafts={drafts}
        onChange={change}
        hint={`${L.tasks.min}..${L.tasks.max.toLocaleString('en-US')}`}
      />
      {usesCpu && (
        <NumberField
          label="Size (numbers/task)"
          name="cpuSize"
          drafts={drafts}
          onChange={change}
          hint="integers each task tests for primality"
        />
      )}
      {usesLatency && (
        <NumberField
          label="Latency (ms)"
          name="latencyMs"
          drafts={drafts}
          onChange={change}
          hint="how long each task waits (timer, echo server reply)"
        />
      )}
      {workload === 'file' && (
        <NumberField
          label="File size (KiB)"
          name="fileKiB"
          drafts={drafts}
          onChange={change}
          hint={`each generated file, ${L.fileKiB.min}..${L.fileKiB.max} KiB`}
        />
      )}
      {POOL_MODELS.includes(model) && (
        <label
          className="field"
          title="apply waits for each result; apply_async submits all, then close + join"
        >
          <span>Submit</span>
          <select
            name="submit"
            value={submit}
            onChange={(e) => setSubmit(e.target.value as SubmitStyle)}
          >
            {SUBMIT_STYLES.map((style) => (
              <option key={style} value={style}>
                {style === 'apply' ? 'apply (wait each)' : 'apply_async + close + join'}
              </option>
            ))}
          </select>
        </label>
      )}
      <NumberField
        label="Time limit (s)"
        name="timeoutS"
        drafts={drafts}
        onChange={change}
        hint={`the run is ended after this long, at most ${L.timeoutS.max} s`}
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
    </form>
  );
}
