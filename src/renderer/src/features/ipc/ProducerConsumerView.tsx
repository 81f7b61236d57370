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
import { count, percent } from './format';
import { NumberField } from './NumberField';

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
        <label className="field">
          Queue
          <select
            name="transport"
            value={transport}
            onChange={(event) => setTransport(event.target.value as PcTransport)}
          >
            <option value="shared-memory">shared memory + Atomics semaphores</option>
            <option value="message-port">MessagePort broker</option>
          </select>
        </label>
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
            <CartesianGrid stroke="#2a3038" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              stroke="#8a94a3"
              tickFormatter={(t: number) => `${t.toFixed(1)} s`}
            />
            <YAxis
              stroke="#8a94a3"
              width={48}
              domain={[0, last?.capacity ?? 'auto']}
              allowDecimals={false}
            />
            <ReferenceLine y={last?.capacity} stroke="#ff6b6b" strokeDasharray="4 4" label="K" />
            <Tooltip
              isAnimationActive={false}
              contentStyle={{ background: '#1a1f26', border: '1px solid #333' }}
              labelFormatter={(t) => `${Number(t).toFixed(2)} s`}
            />
            <Line
              dataKey="depth"
              name="queue depth"
              stroke="#c678dd"
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
              {count(last.produced)} · {count(last.consumed)}
            </dd>
          </div>
          <div className="figure">
            <dt>items/s</dt>
            <dd>{count(result?.itemsPerSec ?? last.itemsPerSec)}</dd>
          </div>
          <div className="figure">
            <dt>producers blocked</dt>
            <dd>
              {count(last.producerBlockedMs)} ms
              {result ? ` (${percent(result.producerBlockedShare)})` : ''}
            </dd>
          </div>
          <div className="figure">
            <dt>consumers idle</dt>
            <dd>
              {count(last.consumerIdleMs)} ms
              {result ? ` (${percent(result.consumerIdleShare)})` : ''}
            </dd>
          </div>
          {result && (
            <div className={result.lost + result.duplicated > 0 ? 'figure bad' : 'figure'}>
              <dt>lost · duplicated</dt>
              <dd data-testid="pc-lost">
                {count(result.lost)} · {count(result.duplicated)}
              </dd>
            </div>
          )}
        </dl>
      )}
      {result?.error && <p className="error">{result.error}</p>}
    </section>
  );
}
