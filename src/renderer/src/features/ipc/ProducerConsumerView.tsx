import { useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  IPC_LIMITS,
  type PcQueueSample,
  type PcRequest,
  type PcResult,
  type PcTransport,
} from '../../../../shared/ipc';
import { CHART_THEME, GRID_PROPS, PALETTE } from '../../components/chart-theme';
import { NumberField } from '../../components/NumberField';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { formatCount, formatFraction, formatSeconds } from '../../lib/format';

const TRANSPORTS: SelectOption<PcTransport>[] = [
  { value: 'shared-memory', label: 'shared memory + Atomics semaphores' },
  { value: 'message-port', label: 'MessagePort broker' },
];

/** Parameters, Start, and the queue-depth chart of a producer–consumer run. */
export function ProducerConsumerView(props: {
  samples: PcQueueSample[];
  result: PcResult | null;
  running: boolean;
  busy: boolean;
  onStart: (request: PcRequest) => void;
}): React.JSX.Element {
  const [transport, setTransport] = useState<PcTransport>('shared-memory');
  const [producers, setProducers] = useState('2');
  const [consumers, setConsumers] = useState('2');
  const [capacity, setCapacity] = useState(String(IPC_LIMITS.capacity.default));
  const [duration, setDuration] = useState('5000');
  const [produceUs, setProduceUs] = useState('200');
  const [consumeUs, setConsumeUs] = useState('500');
  const { samples } = props;
  const last = samples.at(-1);
  const result = props.result?.runId === last?.runId ? props.result : null;
  const rows = samples.map((s) => ({ t: s.elapsedMs / 1000, depth: s.depth }));
  const field = (label: string, name: string, value: string, set: (v: string) => void) => (
    <NumberField label={label} name={name} value={value} onChange={set} width={80} />
  );
  return (
    <section className="panel ipc-section" data-testid="ipc-pc">
      <header className="panel-header">
        <h2>Producer–consumer</h2>
        <span className="hint">
          N producers, M consumers, a bounded queue of K: producers wait when it is full, consumers
          when it is empty
        </span>
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
          label="Queue"
          name="transport"
          value={transport}
          options={TRANSPORTS}
          onChange={setTransport}
        />
        {field('Producers', 'pc-producers', producers, setProducers)}
        {field('Consumers', 'pc-consumers', consumers, setConsumers)}
        {field('Capacity K', 'pc-capacity', capacity, setCapacity)}
        {field('Duration (ms)', 'pc-duration', duration, setDuration)}
        {field('Produce (µs/item)', 'pc-produce', produceUs, setProduceUs)}
        {field('Consume (µs/item)', 'pc-consume', consumeUs, setConsumeUs)}
        <button type="submit" data-testid="pc-start" disabled={props.running || props.busy}>
          Start
        </button>
      </form>
      {rows.length > 0 && (
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid {...GRID_PROPS} />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              stroke={CHART_THEME.axis}
              tickFormatter={(t: number) => formatSeconds(t, 1)}
            />
            <YAxis
              stroke={CHART_THEME.axis}
              width={48}
              domain={[0, last?.capacity ?? 'auto']}
              allowDecimals={false}
            />
            <ReferenceLine
              y={last?.capacity}
              stroke={PALETTE.red}
              strokeDasharray="4 4"
              label="K"
            />
            <Tooltip
              isAnimationActive={false}
              contentStyle={CHART_THEME.tooltip}
              labelFormatter={(t) => formatSeconds(Number(t))}
            />
            <Line
              dataKey="depth"
              name="queue depth"
              stroke={PALETTE.purple}
              dot={false}
              type="stepAfter"
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      )}
      {last && (
        <dl className="figures" data-testid="pc-figures">
          <div className="figure">
            <dt>depth / K</dt>
            <dd>
              {last.depth} / {last.capacity} (max {last.maxDepth})
            </dd>
          </div>
          <div className="figure">
            <dt>produced · consumed</dt>
            <dd>
              {formatCount(last.produced)} · {formatCount(last.consumed)}
            </dd>
          </div>
          <div className="figure">
            <dt>items/s</dt>
            <dd>{formatCount(result?.itemsPerSec ?? last.itemsPerSec)}</dd>
          </div>
          <div className="figure">
            <dt>producers blocked</dt>
            <dd>
              {formatCount(last.producerBlockedMs)} ms
              {result ? ` (${formatFraction(result.producerBlockedShare)})` : ''}
            </dd>
          </div>
          <div className="figure">
            <dt>consumers idle</dt>
            <dd>
              {formatCount(last.consumerIdleMs)} ms
              {result ? ` (${formatFraction(result.consumerIdleShare)})` : ''}
            </dd>
          </div>
          {result && (
            <div className={result.lost + result.duplicated > 0 ? 'figure bad' : 'figure'}>
              <dt>lost · duplicated</dt>
              <dd data-testid="pc-lost">
                {formatCount(result.lost)} · {formatCount(result.duplicated)}
              </dd>
            </div>
          )}
        </dl>
      )}
      {result?.error && <p className="error">{result.error}</p>}
    </section>
  );
}
