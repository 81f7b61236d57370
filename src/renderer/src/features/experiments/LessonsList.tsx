import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { workSize } from '../../../../shared/experiment-expectations';
import { runLabel } from '../../../../shared/experiment-conclusions';
import {
  experimentParamsSchema,
  type ExperimentParamsInput,
} from '../../../../shared/experiment-params';
import { FreeCoresLine } from './free-cores';
import { useExperimentWords, type ExperimentWords } from './phrases';
import { PRESETS } from './presets';

/** "32 tasks × 100,000 numbers: Node, one thread · 2 Node worker threads", per kind of work. */
function runsSummary(
  runs: readonly ExperimentParamsInput[],
  cores: number,
  words: ExperimentWords,
): string[] {
  const groups = new Map<string, { workload: string; size: string; labels: string[] }>();
  for (const run of runs) {
    const parsed = experimentParamsSchema.parse(run);
    const params = { ...parsed, workers: parsed.workers ?? cores };
    const workload = words.workload(params.workload);
    const size = workSize(params, words.p);
    const key = `${workload}, ${size}`;
    const group = groups.get(key) ?? { workload, size, labels: [] };
    group.labels.push(runLabel(params, words.p));
    groups.set(key, group);
  }
  return [...groups.values()].map(({ workload, size, labels }) =>
    words.t('experiments.lessons.group', { workload, size, runs: labels.join(' · ') }),
  );
}

/** A preset's name and lesson in the UI's language. */
function presetText(t: TFunction, id: string, part: 'label' | 'lesson'): string {
  return t(`experiments.presets.${id}.${part}`);
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
  const words = useExperimentWords();
  const { t } = words;
  const { cores, pythonAvailable } = props;
  const needed = Math.max(...PRESETS.map((preset) => preset.coresNeeded(cores)));
  // Each lesson's runs, parsed and summed up: the same until the cores, Python or language
  // change, while the tab around it re-renders with every run state and result.
  const lessons = useMemo(
    () =>
      PRESETS.map((preset) => {
        const runs = preset.runs(cores, pythonAvailable);
        return { preset, runs, summary: runsSummary(runs, cores, words).join('; ') };
      }),
    [cores, pythonAvailable, words],
  );
  return (
    <section className="lessons" data-testid="lessons" aria-labelledby="lessons-heading">
      <h3 id="lessons-heading">{t('experiments.lessons.heading')}</h3>
      <FreeCoresLine
        needed={needed}
        subject="lessons"
        hidden={props.active}
        testId="lessons-free-cores"
      />
      <ul className="lesson-list">
        {lessons.map(({ preset, runs, summary }) => {
          const missingPython = preset.needsPython && !pythonAvailable;
          return (
            <li key={preset.id} className="lesson" data-testid={`lesson-${preset.id}`}>
              <button
                type="button"
                disabled={props.disabled || missingPython}
                onClick={() => props.onPick(runs)}
              >
                {presetText(t, preset.id, 'label')}
              </button>
              <p className="lesson-text">
                {presetText(t, preset.id, 'lesson')}
                {missingPython ? t('experiments.lessons.needsPython') : ''}
              </p>
              <p className="hint lesson-runs">
                {t('experiments.lessons.runs', { n: runs.length, summary })}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
