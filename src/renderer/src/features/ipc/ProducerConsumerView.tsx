import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resultErrorText } from '../../lib/issue-text';
import type { TFunction } from 'i18next';
import uPlot from 'uplot';
import { IPC_LIMITS } from '../../../../shared/ipc-mechanisms';
import {
  PC_QUEUES,
  isPythonPcTransport,
  type PcQueueKind,
  type PcRequest,
} from '../../../../shared/ipc-requests';
import type { IpcMechanismInfo, PcQueueSample, PcResult } from '../../../../shared/ipc-results';
import { UPlotChart } from '../../charts/UPlotChart';
import { LIVE_CHART_BASE, themedAxis } from '../../charts/uplot-theme';
import { CHART_THEME, PALETTE } from '../../components/chart-theme';
import { NumberField } from '../../components/NumberField';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { formatCount, formatFraction, formatSeconds } from '../../lib/format';
import { pythonAvailability } from './RaceView';

/** The queue choices; the Python ones unavailable, with the reason, when Python is missing. */
function queueOptions(reason: string | undefined, t: TFunction): SelectOption<PcQueueKind>[] {
  return PC_QUEUES.map((value) => {
    const label = t(`ipc.pc.transports.${value}`);
    return reason !== undefined && isPythonPcTransport(value)
      ? { value, label: t('ipc.pc.unavailableOption', { label, reason }), disabled: true }
      : { value, label };
  });
}

/** Parameters, Start, and the queue-depth chart of a producer–consumer run. */
export function ProducerConsumerView(props: {
  samples: readonly PcQueueSample[];
  result: PcResult | null;
  running: boolean;
  busy: boolean;
  onStart: (request: PcRequest) => void;
  /** The lab's mechanisms: tells whether Python (and so the Python queues) can run. */
  mechanisms?: readonly IpcMechanismInfo[];
}): React.JSX.Element {
  const { t } = useTranslation();
  const [transport, setTransport] = useState<PcQueueKind>('shared-memory');
  const python = pythonAvailability(props.mechanisms);
  const [producers, setProducers] = useState('2');
  const [consumers, setConsumers] = useState('2');
  const [capacity, setCapacity] = useState(String(IPC_LIMITS.capacity.default));
  const [duration, setDuration] = useState('5000');
  const [produceUs, setProduceUs] = useState('200');
  const [consumeUs, setConsumeUs] = useState('500');
  const { samples } = props;
  const last = samples.at(-1);
  const result = props.result?.runId === last?.runId ? props.result : null;
  const field = (label: string, name: string, value: string, set: (v: string) => void) => (
    <NumberField label={label} name={name} value={value} onChange={set} width={80} />
  );
  return (
    <section className="panel ipc-section" data-testid="ipc-pc">
      <header className="panel-header">
        <h2>{t('ipc.pc.heading')}</h2>
        <span className="hint">{t('ipc.pc.hint')}</span>
      </header>
      <form
        className="ipc-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onStart({
            transport,
            producers: Number(producers),
            consumers: Number(consumers),
            capacity: Number(capacity),
            durationMs: Number(duration),
            produceUs: Number(produceUs),
            consumeUs: Number(consumeUs),
          });
        }}
      >
        <SelectField
          label={t('ipc.pc.queue')}
          name="transport"
          value={transport}
          options={queueOptions(
            python.available ? undefined : (python.reason ?? t('ipc.race.pythonMissing')),
            t,
          )}
          onChange={setTransport}
        />
        {field(t('ipc.pc.producers'), 'pc-producers', producers, setProducers)}
        {field(t('ipc.pc.consumers'), 'pc-consumers', consumers, setConsumers)}
        {field(t('ipc.pc.capacity'), 'pc-capacity', capacity, setCapacity)}
        {field(t('ipc.pc.duration'), 'pc-duration', duration, setDuration)}
        {field(t('ipc.pc.produce'), 'pc-produce', produceUs, setProduceUs)}
        {field(t('ipc.pc.consume'), 'pc-consume', consumeUs, setConsumeUs)}
        <button type="submit" data-testid="pc-start" disabled={props.running || props.busy}>
          {t('ipc.pc.start')}
        </button>
      </form>
      {result?.pythonVersion && (
        <p className="hint" data-testid="pc-python-version">
          {t('ipc.pc.python', { version: result.pythonVersion })}
        </p>
      )}
      {last && <QueueChart samples={samples} capacity={last.capacity} />}
      {last && (
        <dl className="figures" data-testid="pc-figures">
          <div className="figure">
            <dt>{t('ipc.pc.depth')}</dt>
            <dd>
              {t('ipc.pc.depthValue', {
                depth: last.depth,
                capacity: last.capacity,
                max: last.maxDepth,
              })}
            </dd>
          </div>
          <div className="figure">
            <dt>{t('ipc.pc.producedConsumed')}</dt>
            <dd>
              {formatCount(last.produced)} · {formatCount(last.consumed)}
            </dd>
          </div>
          <div className="figure">
            <dt>{t('ipc.pc.itemsPerSec')}</dt>
            <dd>{formatCount(result?.itemsPerSec ?? last.itemsPerSec)}</dd>
          </div>
          <div className="figure">
            <dt>{t('ipc.pc.producersBlocked')}</dt>
            <dd>
              {formatCount(last.producerBlockedMs)} ms
              {result ? ` (${formatFraction(result.producerBlockedShare)})` : ''}
            </dd>
          </div>
          <div className="figure">
            <dt>{t('ipc.pc.consumersIdle')}</dt>
            <dd>
              {formatCount(last.consumerIdleMs)} ms
              {result ? ` (${formatFraction(result.consumerIdleShare)})` : ''}
            </dd>
          </div>
          {result && (
            <div className={result.lost + result.duplicated > 0 ? 'figure bad' : 'figure'}>
              <dt>
                {result.lost + result.duplicated > 0 ? '✗ ' : '✓ '}
                {t('ipc.pc.lostDuplicated')}
              </dt>
              <dd data-testid="pc-lost">
                {formatCount(result.lost)} · {formatCount(result.duplicated)}
              </dd>
            </div>
          )}
        </dl>
      )}
      {result?.error && <p className="error">{resultErrorText(result, t)}</p>}
    </section>
  );
}

/** The queue-depth chart's options for a queue of `capacity`: depth as steps, K as a dashed line. */
function chartOptions(capacity: number): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    ...LIVE_CHART_BASE,
    scales: { x: { time: false }, y: { range: [0, Math.max(capacity, 1)] } },
    axes: [
      themedAxis({ values: (_, ticks) => ticks.map((t) => formatSeconds(t, 1)) }),
      themedAxis({ size: 48 }),
    ],
    series: [
      {},
      {
        label: 'queue depth',
        stroke: () => PALETTE.purple,
        width: 1.5,
        points: { show: false },
        paths: uPlot.paths.stepped?.({ align: 1 }),
      },
    ],
    plugins: [capacityLine(capacity)],
  };
}

/** Draws the capacity K as a dashed horizontal line labelled "K". */
function capacityLine(capacity: number): uPlot.Plugin {
  return {
    hooks: {
      draw: (chart) => {
        const { ctx, bbox } = chart;
        const ratio = window.devicePixelRatio || 1;
        const y = Math.round(chart.valToPos(capacity, 'y', true));
        ctx.save();
        ctx.strokeStyle = PALETTE.red;
        ctx.setLineDash([4 * ratio, 4 * ratio]);
        ctx.lineWidth = ratio;
        ctx.beginPath();
        ctx.moveTo(bbox.left, y);
        ctx.lineTo(bbox.left + bbox.width, y);
        ctx.stroke();
        ctx.fillStyle = CHART_THEME.axis;
        ctx.font = `${11 * ratio}px system-ui, sans-serif`;
        ctx.fillText('K', bbox.left + bbox.width - 12 * ratio, y + 12 * ratio);
        ctx.restore();
      },
    },
  };
}

/** Queue depth over the run on a canvas, one step per `ipc:queue` tick, with K marked. */
function QueueChart(props: {
  samples: readonly PcQueueSample[];
  capacity: number;
}): React.JSX.Element {
  const { samples, capacity } = props;
  const { t } = useTranslation();
  const options = useMemo(() => chartOptions(capacity), [capacity]);
  const last = samples.at(-1);
  return (
    <UPlotChart
      options={options}
      structureKey={String(capacity)}
      height={200}
      data={() => [samples.map((s) => s.elapsedMs / 1000), samples.map((s) => s.depth)]}
      revision={samples}
      label={t('ipc.pc.chart', { depth: last?.depth ?? 0, capacity })}
      testId="pc-queue-chart"
    />
  );
}
