import { memo } from 'react';
import { PALETTE } from '../../components/chart-theme';
import { HorizontalBars } from '../../components/HorizontalBars';
import { useTheme } from '../../theme/theme-store';
import { formatCount, formatRatio } from '../../lib/format';
import type { ExperimentResult } from '../../../../shared/experiment-results';
import { compareHeadline, runLabel } from '../../../../shared/experiment-conclusions';
import { CompareLanes } from './run-panel/CompareLanes';
import { useExperimentWords } from './phrases';

interface Metric {
  key: string;
  /** The title's text key. */
  title: string;
  value: (result: ExperimentResult) => number | null;
  format: (value: number) => string;
  /** Read at render, so the bars follow the theme. */
  color: () => string;
}

const METRICS: Metric[] = [
  {
    key: 'wall',
    title: 'experiments.compare.wall',
    value: (r) => r.wallMs / 1000,
    format: (v) => v.toFixed(2),
    color: () => PALETTE.blue,
  },
  {
    key: 'cores',
    title: 'experiments.compare.cores',
    value: (r) => r.coresBusy,
    format: (v) => v.toFixed(2),
    color: () => PALETTE.amber,
  },
  {
    key: 'speedup',
    title: 'experiments.compare.speedup',
    value: (r) => r.speedup,
    format: formatRatio,
    color: () => PALETTE.green,
  },
  {
    key: 'ctx',
    title: 'experiments.compare.ctx',
    value: (r) => r.involuntaryCtxSwitches,
    format: formatCount,
    color: () => PALETTE.purple,
  },
  {
    key: 'rss',
    title: 'experiments.compare.rss',
    value: (r) => r.peakRssBytes / 1024 / 1024,
    format: (v) => v.toFixed(0),
    color: () => PALETTE.red,
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
  useTheme();
  const words = useExperimentWords();
  const { t } = words;
  const title = t(metric.title);
  // Runs of different workloads (CPU-bound vs I/O-bound) say which work each did.
  const mixed = new Set(results.map((r) => r.params.workload)).size > 1;
  const rows = results.map((result) => ({
    name: t(mixed ? 'experiments.compare.barMixed' : 'experiments.compare.bar', {
      run: runLabel(result.params, words.p),
      workload: words.workload(result.params.workload),
      runId: result.runId,
    }),
    value: metric.value(result),
  }));
  return (
    <HorizontalBars
      title={title}
      rows={rows}
      series={[{ dataKey: 'value', name: title, fill: metric.color() }]}
      format={metric.format}
      labelWidth={mixed ? 340 : 220}
      testId={`compare-${metric.key}`}
    />
  );
}

/**
 * Chosen runs side by side as bar charts, headed by what was expected and what was observed.
 * `all` is every kept result, where a chosen run's baseline is found. Rendered again only when
 * those change: its charts are Recharts SVG, about 20 ms each, and the tab re-renders at every
 * change of the lab's state (a run starting, the queue moving on) while the next run goes.
 */
export const CompareView = memo(function CompareView({
  results,
  all = results,
}: {
  results: ExperimentResult[];
  all?: readonly ExperimentResult[];
}): React.JSX.Element {
  const words = useExperimentWords();
  const headline = compareHeadline(results, words.p, words.workload);
  return (
    <section className="compare-view" data-testid="compare-view">
      <p className="conclusion" data-testid="compare-conclusion">
        {headline === null ? (
          words.p('compare.chooseTwo')
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
              <li key={result.runId}>{words.conclusion(result, all)}</li>
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
});
