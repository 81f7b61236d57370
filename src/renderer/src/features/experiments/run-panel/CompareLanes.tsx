import { useTranslation } from 'react-i18next';
import type { ExperimentResult } from '../../../../../shared/experiment-results';
import { runLabel } from '../../../../../shared/experiment-conclusions';
import { formatDuration } from '../../../lib/format';
import { slicesOf } from './LanesView';
import { LanesLegend, RunLanesPanel } from './RunLanesPanel';
import { phrasebookOf } from '../phrasebook';

/**
 * The chosen runs' lanes stacked on one time axis: every block is scaled to the longest run, so
 * a run that took half as long fills half the width. Runs without lanes are named, not drawn.
 */
export function CompareLanes({ results }: { results: ExperimentResult[] }): React.JSX.Element {
  const { t } = useTranslation();
  const sampled = results.filter((r) => (r.lanes ?? null) !== null);
  const longest = Math.max(0, ...sampled.map((r) => (r.lanes ? slicesOf(r.lanes) : 0)));
  const sliceMs = sampled[0]?.lanes?.sliceMs ?? 50;
  const unsampled = results.filter((r) => (r.lanes ?? null) === null);
  return (
    <section
      className="compare-lanes"
      data-testid="compare-lanes"
      aria-label={t('experiments.compare.lanesLabel')}
    >
      {sampled.length > 0 && (
        <p className="hint">
          {t('experiments.compare.oneAxis', { time: formatDuration(longest * sliceMs) })}
        </p>
      )}
      {sampled.map((result) =>
        result.lanes ? (
          <div key={result.runId} className="compare-lanes-block" data-run={result.runId}>
            <h3>
              {runLabel(result.params, phrasebookOf(t))}{' '}
              <span className="hint">({result.runId})</span>
            </h3>
            <RunLanesPanel
              lanes={result.lanes}
              model={result.params.model}
              cores={result.logicalCores}
              scaleSlices={longest}
              testId="compare-lanes-run"
            />
          </div>
        ) : null,
      )}
      {sampled.length > 0 && <LanesLegend cores={sampled[0]?.logicalCores ?? 1} />}
      {unsampled.length > 0 && (
        <p className="hint">
          {t('experiments.compare.notSampled', { runs: unsampled.map((r) => r.runId).join(', ') })}
        </p>
      )}
    </section>
  );
}
