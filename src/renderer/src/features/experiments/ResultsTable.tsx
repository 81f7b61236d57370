import { useState } from 'react';
import type { TFunction } from 'i18next';
import type { ExperimentResult } from '../../../../shared/experiment-results';
import { isDisturbed, workSize } from '../../../../shared/experiment-expectations';
import { formatCores, runLabel } from '../../../../shared/experiment-conclusions';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatFraction,
  formatRate,
  formatRatio,
} from '../../lib/format';
import { runSpanLabel } from '../../lib/run-spans';
import { LanesToggleCell, ResultLanesRow } from './run-panel/ResultLanes';
import { useExperimentWords } from './phrases';

/** The lab's backend and page cost; the page's is "unavailable" when unknown, never 0. */
function labCostText(result: ExperimentResult, t: TFunction): string {
  // Recordings made before the lab measured itself have no labCost at all.
  const cost = result.labCost ?? null;
  if (cost === null) return '—';
  const page =
    cost.pageCores === null ? t('experiments.results.unavailable') : formatCores(cost.pageCores);
  return t('experiments.results.labCostValue', { backend: formatCores(cost.backendCores), page });
}

/** Every kept run, newest first, with a checkbox to put it in the compare view. */
export function ResultsTable(props: {
  results: ExperimentResult[];
  selected: ReadonlySet<string>;
  onToggle: (runId: string) => void;
}): React.JSX.Element {
  const words = useExperimentWords();
  const { t } = words;
  const [openLanes, setOpenLanes] = useState<ReadonlySet<string>>(new Set());
  const toggleLanes = (runId: string): void =>
    setOpenLanes((previous) => {
      const next = new Set(previous);
      if (!next.delete(runId)) next.add(runId);
      return next;
    });
  if (props.results.length === 0) {
    return <p className="hint">{t('experiments.results.empty')}</p>;
  }
  return (
    <div className="results-scroll">
      <table className="results-table" data-testid="results-table">
        <thead>
          <tr>
            {/* Visible text, not just a label: an empty header cell tells no one what it holds. */}
            <th title={t('experiments.results.compareTitle')}>
              {t('experiments.results.compare')}
            </th>
            <th>{t('experiments.results.run')}</th>
            <th>{t('experiments.results.workload')}</th>
            <th>{t('experiments.results.status')}</th>
            <th title={t('experiments.results.wallTitle')}>{t('experiments.results.wall')}</th>
            <th title={t('experiments.results.cpuTitle')}>{t('experiments.results.cpu')}</th>
            <th title={t('experiments.results.coresBusyTitle')}>
              {t('experiments.results.coresBusy')}
            </th>
            <th title={t('experiments.results.speedupTitle')}>
              {t('experiments.results.speedup')}
            </th>
            <th title={t('experiments.results.efficiencyTitle')}>
              {t('experiments.results.efficiency')}
            </th>
            <th title={t('experiments.results.otherLoadTitle')}>
              {t('experiments.results.otherLoad')}
            </th>
            <th title={t('experiments.results.labCostTitle')}>
              {t('experiments.results.labCost')}
            </th>
            <th title={t('experiments.results.ctxTitle')}>{t('experiments.results.ctx')}</th>
            <th title={t('experiments.results.rssTitle')}>{t('experiments.results.rss')}</th>
            <th>{t('experiments.results.rate')}</th>
            <th title={t('experiments.results.checksumTitle')}>
              {t('experiments.results.checksum')}
            </th>
            <th title={t('experiments.results.lanesTitle')}>{t('experiments.results.lanes')}</th>
          </tr>
        </thead>
        <tbody>
          {[...props.results].reverse().map((result) => [
            <tr key={result.runId} className={`status-${result.status}`} data-run={result.runId}>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('experiments.results.compareRun', { runId: result.runId })}
                  checked={props.selected.has(result.runId)}
                  disabled={result.status !== 'ok'}
                  onChange={() => props.onToggle(result.runId)}
                />
              </td>
              <td title={words.conclusion(result, props.results)}>
                <span className="run-span-label" data-testid="run-span-label">
                  {runSpanLabel(result.runId, result.status)}
                </span>{' '}
                {runLabel(result.params, words.p)}
                {result.params.label ? (
                  <span className="hint"> · {result.params.label}</span>
                ) : null}
              </td>
              <td data-testid="workload-cell">
                {words.workload(result.params.workload)}
                <span className="hint work-size"> · {workSize(result.params, words.p)}</span>
              </td>
              <td title={result.error ?? ''}>
                {t(`experiments.results.statuses.${result.status}`)}
              </td>
              <td>{formatDuration(result.wallMs)}</td>
              <td>{result.status === 'ok' ? formatDuration(result.cpuMs) : '—'}</td>
              <td>{result.status === 'ok' ? formatCores(result.coresBusy) : '—'}</td>
              <td>{formatRatio(result.speedup)}</td>
              <td>{formatFraction(result.efficiency)}</td>
              <td>
                {result.otherLoadCores === null ? '—' : formatCores(result.otherLoadCores)}
                {isDisturbed(result) && (
                  <span
                    className="disturbed-flag"
                    data-testid="disturbed-flag"
                    title={t('experiments.results.disturbedTitle')}
                  >
                    {t('experiments.results.disturbed')}
                  </span>
                )}
              </td>
              <td data-testid="lab-cost-cell">{labCostText(result, t)}</td>
              <td>
                {result.status === 'ok'
                  ? `${formatCount(result.voluntaryCtxSwitches)} / ${formatCount(result.involuntaryCtxSwitches)}`
                  : '—'}
              </td>
              <td>{result.status === 'ok' ? formatBytes(result.peakRssBytes) : '—'}</td>
              <td>{result.status === 'ok' ? formatRate(result.tasksPerSec) : '—'}</td>
              <td data-testid="checksum-cell">
                {result.status !== 'ok'
                  ? '—'
                  : t(
                      result.checksumOk
                        ? 'experiments.results.verified'
                        : 'experiments.results.wrong',
                    )}
              </td>
              <LanesToggleCell
                result={result}
                open={openLanes.has(result.runId)}
                onToggle={() => toggleLanes(result.runId)}
              />
            </tr>,
            // The run's lanes open in a full-width row under it.
            openLanes.has(result.runId) && (
              <ResultLanesRow key={`${result.runId}-lanes`} result={result} columns={100} />
            ),
          ])}
        </tbody>
      </table>
    </div>
  );
}
