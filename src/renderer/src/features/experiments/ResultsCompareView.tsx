import { PALETTE } from '../../components/chart-theme';
import { HorizontalBars } from '../../components/HorizontalBars';
import { formatCount, formatRatio } from '../../lib/format';
import { WORKLOAD_LABELS, type ExperimentResult } from '../../../../shared/experiments';
import { compareHeadline, runLabel } from '../../../../shared/experiment-conclusions';
import { CompareLanes } from './run-panel/CompareLanes';

interface Metric {
  key: string;
  title: string;
  value: (result: ExperimentResult) => number | null;
  format: (value: number) => string;
  color: string;
}

const METRICS: Metric[] = [
  {
    key: 'wall',
    title: 'Wall time (s)',
    value: (r) => r.wallMs / 1000,
    format: (v) => v.toFixed(2),
    color: PALETTE.blue,
  },
  {
    key: 'cores',
    title: 'Cores busy',
    value: (r) => r.coresBusy,
    format: (v) => v.toFixed(2),
    color: PALETTE.amber,
  },
  {
    key: 'speedup',
    title: 'Speedup vs sequential',
    value: (r) => r.speedup,
    format: formatRatio,
    color: PALETTE.green,
  },
  {
    key: 'ctx',
    title: 'Involuntary context switches',
    value: (r) => r.involuntaryCtxSwitches,
    format: formatCount,
    color: PALETTE.purple,
  },
  {
    key: 'rss',
    title: 'Peak memory (MiB)',
    value: (r) => r.peakRssBytes / 1024 / 1024,
    format: (v) => v.toFixed(0),
    color: PALETTE.red,
  },
];

/** One metric of the chosen runs as horizontal bars. */
function MetricChart({
  metric,
  results,
}: {
  metric: Metric;
  results: ExperimentResult[];
}): React.JSX.Element {
  // Runs of different workloads (CPU-bound vs I/O-bound) say which work each did.
  const mixed = new Set(results.map((r) => r.params.workload)).size > 1;
  const rows = results.map((result) => ({
    name: mixed
      ? `${runLabel(result.params)} · ${WORKLOAD_LABELS[result.params.workload]} (${result.runId})`
      : `${runLabel(result.params)} (${result.runId})`,
    value: metric.value(result),
  }));
  return (
    <HorizontalBars
      title={metric.title}
      rows={rows}
      series={[{ dataKey: 'value', name: metric.title, fill: metric.color }]}
      format={metric.format}
      labelWidth={mixed ? 340 : 220}
      testId={`compare-${metric.key}`}
    />
  );
}

/** Chosen runs side by side as bar charts, headed by what was expected and what was observed. */
export function CompareView({ results }: { results: ExperimentResult[] }): React.JSX.Element {
  const headline = compareHeadline(results);
  return (
    <section className="compare-view" data-testid="compare-view">
      <p className="conclusion" data-testid="compare-conclusion">
        {headline === null ? (
          'Choose at least two finished runs to compare.'
        ) : (
          <>
            <span className="compare-expected" data-testid="compare-expected">
              {headline.expected}
            </span>
            <br />
            <span className="compare-observed" data-testid="compare-observed">
              {headline.observed}
            </span>
          </>
        )}
      </p>
      {results.length > 0 && (
        <>
          <ul className="run-conclusions">
            {results.map((result) => (
              <li key={result.runId}>{result.conclusion}</li>
            ))}
          </ul>
          <div className="metric-grid">
            {METRICS.map((metric) => (
              <MetricChart key={metric.key} metric={metric} results={results} />
            ))}
          </div>
          <CompareLanes results={results} />
        </>
      )}
    </section>
  );
}
