import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { concludeRun } from '../../../../shared/experiment-conclusions';
import type { Phrasebook } from '../../../../shared/experiment-phrases';
import type { ExperimentResult } from '../../../../shared/experiment-results';
import type { Model, Workload } from '../../../../shared/experiment-models';
import { phrasebookOf } from './phrasebook';

/**
 * The shared conclusions in the UI's language: run labels, work sizes and conclusion
 * sentences come from the shared phrasebook, whose words the texts files hold per language.
 */

/** What the experiment views need to say things in the current language. */
export interface ExperimentWords {
  t: TFunction;
  p: Phrasebook;
  model: (model: Model) => string;
  workload: (workload: Workload) => string;
  /** A result's conclusion: English as the lab wrote it, other languages re-derived. */
  conclusion: (result: ExperimentResult, results: readonly ExperimentResult[]) => string;
}

/**
 * The translation function, phrasebook and label lookups; re-renders on a language switch. The
 * same object until then, so views can keep what they derived from it (useMemo).
 */
export function useExperimentWords(): ExperimentWords {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const p = phrasebookOf(t);
    return {
      t,
      p,
      model: (model) => t(`experiments.models.${model}`),
      workload: (workload) => t(`experiments.workloads.${workload}`),
      conclusion: (result, results) => {
        // The lab's sentence is the English one, byte for byte: keep it rather than re-derive.
        if (language.startsWith('en')) return result.conclusion;
        const baseline = results.find((r) => r.runId === result.baselineRunId) ?? null;
        return concludeRun(result, baseline, p);
      },
    };
  }, [t, language]);
}
