import { useTranslation } from 'react-i18next';
import type { ExperimentResult } from '../../../../../shared/experiment-results';
import { LanesLegend, RunLanesPanel } from './RunLanesPanel';

/** The results-table cell that opens a run's kept lanes, or says they were not sampled. */
export function LanesToggleCell(props: {
  result: ExperimentResult;
  open: boolean;
  onToggle: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  // Results from before lanes existed (old recordings) have no field at all.
  if ((props.result.lanes ?? null) === null) {
    return (
      <td className="hint" data-testid="lanes-cell">
        {t('experiments.results.notSampled')}
      </td>
    );
  }
  return (
    <td data-testid="lanes-cell">
      <button
        type="button"
        className="lanes-toggle"
        aria-expanded={props.open}
        aria-label={t(
          props.open ? 'experiments.results.hideLanesOf' : 'experiments.results.showLanesOf',
          { runId: props.result.runId },
        )}
        onClick={props.onToggle}
      >
        {t(props.open ? 'experiments.results.hideLanes' : 'experiments.results.showLanes')}
      </button>
    </td>
  );
}

/** A full-width row under a result with its kept lanes, drawn by the same panel as live. */
export function ResultLanesRow(props: {
  result: ExperimentResult;
  columns: number;
}): React.JSX.Element | null {
  const { result } = props;
  const lanes = result.lanes ?? null;
  if (lanes === null) return null;
  return (
    <tr className="lanes-row" data-lanes-of={result.runId}>
      <td colSpan={props.columns}>
        <RunLanesPanel
          lanes={lanes}
          model={result.params.model}
          cores={result.logicalCores}
          testId="result-lanes"
        />
        <LanesLegend cores={result.logicalCores} />
      </td>
    </tr>
  );
}
