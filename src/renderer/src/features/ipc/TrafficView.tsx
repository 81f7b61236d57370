import { useTranslation } from 'react-i18next';
import { resultErrorText } from '../../lib/issue-text';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type uPlot from 'uplot';
import type {
  IpcRunResult,
  IpcTrafficSample,
  LatencySummary,
} from '../../../../shared/ipc-results';
import { UPlotChart } from '../../charts/UPlotChart';
import { LIVE_CHART_BASE, themedAxis } from '../../charts/uplot-theme';
import { useTheme } from '../../theme/theme-store';
import { CHART_THEME, GRID_PROPS, PALETTE } from '../../components/chart-theme';
import {
  formatCount,
  formatDuration,
  formatMegabytesPerSecond,
  formatMicroseconds,
  formatSeconds,
} from '../../lib/format';

/** The traffic chart's options: MB/s on the left axis, thousand messages/s on the right. */
const TRAFFIC_OPTIONS: Omit<uPlot.Options, 'width' | 'height'> = {
  ...LIVE_CHART_BASE,
  scales: { x: { time: false }, mb: {}, msgs: {} },
  axes: [
    themedAxis({ values: (_, ticks) => ticks.map((t) => formatSeconds(t, 1)) }),
    themedAxis({ scale: 'mb', size: 56, stroke: () => PALETTE.blue }),
    themedAxis({
      scale: 'msgs',
      side: 1,
      size: 56,
      stroke: () => PALETTE.amber,
      grid: { show: false },
    }),
  ],
  series: [
    {},
    { label: 'MB/s', scale: 'mb', stroke: () => PALETTE.blue, width: 1.5, points: { show: false } },
    {
      label: 'thousand msgs/s',
      scale: 'msgs',
      stroke: () => PALETTE.amber,
      width: 1.5,
      points: { show: false },
    },
  ],
};

/** MB/s and messages/s over the run on a canvas, one point per `ipc:traffic` tick. */
function TrafficChart({ samples }: { samples: readonly IpcTrafficSample[] }): React.JSX.Element {
  useTheme(); // the legend's swatches follow the theme
  const { t } = useTranslation();
  const last = samples.at(-1);
  const summary = last
    ? t('ipc.traffic.chartLatest', {
        mbps: formatMegabytesPerSecond(last.bytesPerSec),
        msgs: formatCount(last.messagesPerSec),
      })
    : t('ipc.traffic.chart');
  return (
    <>
      <UPlotChart
        options={TRAFFIC_OPTIONS}
        structureKey="traffic"
        height={220}
        data={() => [
          samples.map((s) => s.elapsedMs / 1000),
          samples.map((s) => s.bytesPerSec / 1e6),
          samples.map((s) => s.messagesPerSec / 1000),
        ]}
        revision={samples}
        label={summary}
        testId="ipc-traffic-chart"
      />
      <ul className="chart-legend">
        <li>
          <span className="swatch" style={{ background: PALETTE.blue }} /> {t('ipc.traffic.mbps')}
        </li>
        <li>
          <span className="swatch" style={{ background: PALETTE.amber }} />{' '}
          {t('ipc.traffic.thousandMsgs')}
        </li>
      </ul>
    </>
  );
}

/** Round-trip latency distribution (log-spaced buckets). */
export function LatencyHistogram({ latency }: { latency: LatencySummary }): React.JSX.Element {
  useTheme(); // recharts takes colours as props: re-render on a theme change
  const { t } = useTranslation();
  const rows = latency.histogram.map((b) => ({
    label: formatMicroseconds(b.upperUs),
    count: b.count,
  }));
  return (
    <figure className="latency-histogram" data-testid="ipc-latency-histogram">
      <figcaption>
        {t('ipc.traffic.latency', {
          p50: formatMicroseconds(latency.p50Us),
          p90: formatMicroseconds(latency.p90Us),
          p99: formatMicroseconds(latency.p99Us),
          max: formatMicroseconds(latency.maxUs),
          samples: formatCount(latency.count),
        })}
      </figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={rows} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
          <CartesianGrid {...GRID_PROPS} vertical={false} />
          <XAxis
            dataKey="label"
            stroke={CHART_THEME.axis}
            tick={{ fontSize: 10 }}
            interval="preserveStartEnd"
          />
          <YAxis stroke={CHART_THEME.axis} width={56} />
          <Tooltip
            isAnimationActive={false}
            contentStyle={CHART_THEME.tooltip}
            labelFormatter={(label) => `≤ ${String(label)}`}
          />
          <Bar
            dataKey="count"
            name={t('ipc.traffic.roundTrips')}
            fill={PALETTE.green}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** One labelled figure of the counters row. */
function Figure(props: { label: string; value: string; testId: string; bad?: boolean }) {
  return (
    <div className={props.bad ? 'figure bad' : 'figure'}>
      {/* The ✗ says it in words too: red alone is lost on some readers. */}
      <dt>
        {props.bad && <span className="verdict">✗ </span>}
        {props.label}
      </dt>
      <dd data-testid={props.testId}>{props.value}</dd>
    </div>
  );
}

const MARK = '\u0000';

/** The channel the kernel shows, set as code: it is what /proc says, in no language. */
function KernelObject(props: { text: string; name: string }): React.JSX.Element {
  const [before = '', after = ''] = props.text.split(MARK);
  return (
    <>
      {' · '}
      {before}
      <code data-testid="ipc-kernel-object">{props.name}</code>
      {after}
    </>
  );
}

/** Live chart, correctness counters and latency of the current (or last) run. */
export function TrafficView(props: {
  samples: readonly IpcTrafficSample[];
  result: IpcRunResult | null;
  /** A start is on its way: the last run's result is no longer the current one. */
  starting: boolean;
}): React.JSX.Element {
  const { samples } = props;
  const { t } = useTranslation();
  // No ticks yet with a result: the page was reloaded after the run (the lab kept its result).
  const result =
    !props.starting &&
    props.result !== null &&
    (samples.length === 0 || props.result.runId === samples[0]?.runId)
      ? props.result
      : null;
  const last = samples.at(-1);
  const correctness = result?.correctness ?? last?.correctness;
  const latency = result?.latency ?? last?.latency ?? null;
  const signals = result?.signals ?? last?.signals ?? null;
  const isSignals = (result?.request.mechanism ?? last?.mechanism) === 'signals';
  return (
    <div
      className="traffic-view"
      data-testid="ipc-traffic"
      data-ticks={samples.length}
      data-messages={last?.totalMessages ?? 0}
      data-status={result?.status ?? (props.starting ? 'starting' : last ? 'running' : 'idle')}
      data-run-id={result?.runId ?? last?.runId ?? ''}
    >
      {samples.length === 0 ? (
        <p className="hint">{t('ipc.traffic.startHint')}</p>
      ) : (
        <TrafficChart samples={samples} />
      )}
      {correctness && (
        <dl className="figures" data-testid="ipc-correctness">
          <Figure
            label={result ? t('ipc.traffic.mbpsRun') : t('ipc.traffic.mbpsNow')}
            value={formatMegabytesPerSecond(result?.bytesPerSec ?? last?.bytesPerSec ?? 0)}
            testId="ipc-mbps"
          />
          <Figure
            label={result ? t('ipc.traffic.msgsRun') : t('ipc.traffic.msgsNow')}
            value={formatCount(result?.messagesPerSec ?? last?.messagesPerSec ?? 0)}
            testId="ipc-msgs"
          />
          <Figure
            label={t('ipc.traffic.sent')}
            value={formatCount(correctness.sent)}
            testId="ipc-sent"
          />
          <Figure
            label={t('ipc.traffic.received')}
            value={formatCount(correctness.received)}
            testId="ipc-received"
          />
          <Figure
            label={isSignals ? t('ipc.traffic.coalesced') : t('ipc.traffic.lost')}
            value={formatCount(correctness.lost)}
            testId="ipc-lost"
            bad={!isSignals && correctness.lost > 0}
          />
          <Figure
            label={t('ipc.traffic.duplicated')}
            value={formatCount(correctness.duplicated)}
            testId="ipc-duplicated"
            bad={correctness.duplicated > 0}
          />
          <Figure
            label={t('ipc.traffic.corrupted')}
            value={formatCount(correctness.corrupted)}
            testId="ipc-corrupted"
            bad={correctness.corrupted > 0}
          />
        </dl>
      )}
      {signals && (
        <p className="signals-line" data-testid="ipc-signals">
          {t('ipc.traffic.signals', {
            sent1: formatCount(signals.sent.SIGUSR1),
            delivered1: formatCount(signals.delivered.SIGUSR1),
            sent2: formatCount(signals.sent.SIGUSR2),
            delivered2: formatCount(signals.delivered.SIGUSR2),
          })}
        </p>
      )}
      {latency && <LatencyHistogram latency={latency} />}
      {result && (
        <p className={result.status === 'failed' ? 'error' : 'hint'} data-testid="ipc-run-summary">
          {t('ipc.traffic.run', { status: t(`ipc.statuses.${result.status}`) })}
          {result.error ? `: ${resultErrorText(result, t)}` : ''} ·{' '}
          {formatDuration(result.elapsedMs)} ·{' '}
          {t('ipc.traffic.processes', { count: result.pids.length })}
          {result.threads > 0 ? `, ${t('ipc.traffic.workerThreads', { n: result.threads })}` : ''}
          {result.kernelObject ? (
            <KernelObject
              text={t('ipc.traffic.channel', { name: MARK })}
              name={result.kernelObject}
            />
          ) : null}
          {result.cores
            ? ` · ${t('ipc.traffic.cores', { receiver: result.cores.receiver, sender: result.cores.sender })}`
            : ''}
        </p>
      )}
    </div>
  );
}
