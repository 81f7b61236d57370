import { PALETTE } from '../../components/chart-theme';
import { HorizontalBars } from '../../components/HorizontalBars';
import { formatCount, formatRatio } from '../../lib/format';
import type { ExperimentResult } from '../../../../shared/experiments';
import { compareRuns, runLabel } from '../../../../shared/experiment-conclusions';

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
  const rows = results.map((result) => ({
    name: `${runLabel(result.params)} (${result.runId})`,
    value: metric.value(result),
  }));
  return (
    <HorizontalBars
      title={metric.title}
      rows={rows}
      series={[{ dataKey: 'value', name: metric.title, fill: metric.color }]}
      format={metric.format}
      labelWidth={220}
      testId={`compare-${metric.key}`}
    />
  );
}

/** Chosen runs side by side as bar charts, with one plain sentence that compares them. */
export function CompareView({ results }: { results: ExperimentResult[] }): React.JSX.Element {
  return (
    <section className="compare-view" data-testid="compare-view">
      <p className="conclusion" data-testid="compare-conclusion">
        {compareRuns(results)}
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
        </>
      )}
    </section>
  );
}
