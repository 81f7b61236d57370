import { useState } from 'react';
import { WORKLOAD_LABELS, type ExperimentResult } from '../../../../shared/experiments';
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

/** The lab's backend and page cost; the page's is "unavailable" when unknown, never 0. */
function labCostText(result: ExperimentResult): string {
  // Recordings made before the lab measured itself have no labCost at all.
  const cost = result.labCost ?? null;
  if (cost === null) return '—';
  const page = cost.pageCores === null ? 'unavailable' : formatCores(cost.pageCores);
  return `backend ${formatCores(cost.backendCores)} · page ${page}`;
}

/** Every kept run, newest first, with a checkbox to put it in the compare view. */
export function ResultsTable(props: {
  results: ExperimentResult[];
  selected: ReadonlySet<string>;
  onToggle: (runId: string) => void;
}): React.JSX.Element {
  const [openLanes, setOpenLanes] = useState<ReadonlySet<string>>(new Set());
  const toggleLanes = (runId: string): void =>
    setOpenLanes((previous) => {
      const next = new Set(previous);
      if (!next.delete(runId)) next.add(runId);
      return next;
    });
  if (props.results.length === 0) {
    return <p className="hint">No runs yet: start one, or queue a preset.</p>;
  }
  return (
    <div className="results-scroll">
      <table className="results-table" data-testid="results-table">
        <thead>
          <tr>
            <th aria-label="compare" />
            <th>Run</th>
            <th>Workload</th>
            <th>Status</th>
            <th title="wall-clock time of the run">Wall</th>
            <th title="user + system CPU of the whole process tree">CPU</th>
            <th title="CPU time / wall time: cores kept busy on average">Cores busy</th>
            <th title="sequential wall time / this wall time">Speedup</th>
            <th title="speedup per worker">Efficiency</th>
            <th title="cores other programs kept busy during the run: they take cores from it">
              Other load
            </th>
            <th title="the lab's own CPU during the run, left out of other load: its backend process, and the page's renderer process where it can be measured">
              Lab&apos;s own cost
            </th>
            <th title="voluntary / involuntary context switches">Ctx switches</th>
            <th title="peak resident memory of the whole tree">Peak RSS</th>
            <th>Tasks/s</th>
            <th title="the result every task adds up to, verified independently">Checksum</th>
            <th title="each thread and process of the run, slice by slice">Lanes</th>
          </tr>
        </thead>
        <tbody>
          {[...props.results].reverse().map((result) => [
            <tr key={result.runId} className={`status-${result.status}`} data-run={result.runId}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`compare ${result.runId}`}
                  checked={props.selected.has(result.runId)}
                  disabled={result.status !== 'ok'}
                  onChange={() => props.onToggle(result.runId)}
                />
              </td>
              <td title={result.conclusion}>
                <span className="run-span-label" data-testid="run-span-label">
                  {runSpanLabel(result.runId, result.status)}
                </span>{' '}
                {runLabel(result.params)}
                {result.params.label ? (
                  <span className="hint"> · {result.params.label}</span>
                ) : null}
              </td>
              <td data-testid="workload-cell">
                {WORKLOAD_LABELS[result.params.workload]}
                <span className="hint work-size"> · {workSize(result.params)}</span>
              </td>
              <td title={result.error ?? ''}>{result.status}</td>
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
                    title="other programs kept more than 0.3 cores busy during this run: they took cores from it, so its figures may not show the lesson"
                  >
                    {' '}
                    ⚠ disturbed
                  </span>
                )}
              </td>
              <td data-testid="lab-cost-cell">{labCostText(result)}</td>
              <td>
                {result.status === 'ok'
                  ? `${formatCount(result.voluntaryCtxSwitches)} / ${formatCount(result.involuntaryCtxSwitches)}`
                  : '—'}
              </td>
              <td>{result.status === 'ok' ? formatBytes(result.peakRssBytes) : '—'}</td>
              <td>{result.status === 'ok' ? formatRate(result.tasksPerSec) : '—'}</td>
              <td data-testid="checksum-cell">
                {result.status !== 'ok' ? '—' : result.checksumOk ? '✓ verified' : '✗ wrong'}
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
