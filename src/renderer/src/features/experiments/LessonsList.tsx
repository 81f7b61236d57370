import { workSize } from '../../../../shared/experiment-expectations';
import { runLabel } from '../../../../shared/experiment-conclusions';
import {
  WORKLOAD_LABELS,
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../../shared/experiments';
import { FreeCoresWarning } from './free-cores';
import { PRESETS } from './presets';

/** "32 tasks × 100,000 numbers: Node, one thread · 2 Node worker threads", per kind of work. */
function runsSummary(runs: readonly ExperimentParamsInput[], cores: number): string[] {
  const groups = new Map<string, string[]>();
  for (const run of runs) {
    const parsed = experimentParamsSchema.parse(run);
    const params = { ...parsed, workers: parsed.workers ?? cores };
    const work = `${WORKLOAD_LABELS[params.workload]}, ${workSize(params)}`;
    groups.set(work, [...(groups.get(work) ?? []), runLabel(params)]);
  }
  return [...groups].map(([work, labels]) => `${work}: ${labels.join(' · ')}`);
}

/** The presets under a "Lessons" heading, each with its lesson and its runs in plain text. */
export function LessonsList(props: {
  cores: number;
  pythonAvailable: boolean;
  disabled: boolean;
  /** True while a run goes or waits (the free-core warning then waits too). */
  active: boolean;
  /** Queues the preset's runs (the form shows them too). */
  onPick: (runs: ExperimentParamsInput[]) => void;
}): React.JSX.Element {
  const needed = Math.max(...PRESETS.map((preset) => preset.coresNeeded(props.cores)));
  return (
    <section className="lessons" data-testid="lessons" aria-labelledby="lessons-heading">
      <h3 id="lessons-heading">Lessons</h3>
      <FreeCoresWarning
        needed={needed}
        what="the CPU-bound lessons"
        plural
        hidden={props.active}
        testId="lessons-free-cores-warning"
      />
      <ul className="lesson-list">
        {PRESETS.map((preset) => {
          const runs = preset.runs(props.cores, props.pythonAvailable);
          const missingPython = preset.needsPython && !props.pythonAvailable;
          return (
            <li key={preset.id} className="lesson" data-testid={`lesson-${preset.id}`}>
              <button
                type="button"
                disabled={props.disabled || missingPython}
                onClick={() => props.onPick(runs)}
              >
                {preset.label}
              </button>
              <p className="lesson-text">
                {preset.lesson}
                {missingPython ? ' (needs Python)' : ''}
              </p>
              <p className="hint lesson-runs">
                {runs.length} runs: {runsSummary(runs, props.cores).join('; ')}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
