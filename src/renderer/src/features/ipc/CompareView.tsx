import { useState } from 'react';
import {
  formatBytes,
  IPC_LIMITS,
  IPC_MECHANISM_LABELS,
  type CompareRequest,
  type CompareResult,
  type IpcPlacement,
} from '../../../../shared/ipc';
import { HorizontalBars } from '../../components/HorizontalBars';
import { count, mbPerSec, micros, ratio } from './format';
import { NumberField } from './NumberField';
import { PlacementField } from './PlacementField';

const SIZES = [64, 1024, 16 * 1024, 64 * 1024, 1024 * 1024];

/** Every mechanism at one size: throughput and round-trip bars, and ratios to their baselines. */
export function CompareView(props: {
  result: CompareResult | null;
  running: boolean;
  busy: boolean;
  onRun: (request: CompareRequest) => void;
}): React.JSX.Element {
  const [size, setSize] = useState(String(64 * 1024));
  const [duration, setDuration] = useState(String(IPC_LIMITS.compareDurationMs.default));
  const [placement, setPlacement] = useState<IpcPlacement>('any');
  const entries = props.result?.entries ?? [];
  const rows = entries
    .filter((e) => e.throughput || e.roundTrip)
    .map((e) => ({
      name: IPC_MECHANISM_LABELS[e.mechanism].label,
      mbps: (e.throughput?.mechanism.bytesPerSec ?? 0) / 1e6,
      baseMbps: (e.throughput?.baseline.bytesPerSec ?? 0) / 1e6,
      p50: e.roundTrip?.mechanism.p50Us ?? 0,
      baseP50: e.roundTrip?.baseline.p50Us ?? 0,
    }));
  return (
    <section className="panel ipc-section" data-testid="ipc-compare">
      <header className="panel-header">
        <h2>Compare</h2>
        <span className="hint">
          each mechanism against its baseline — the same channel carrying bare payloads, no framing,
          sequence numbers or checksums — measured right before it
        </span>
      </header>
      <form
        className="ipc-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onRun({ sizeBytes: Number(size), durationMs: Number(duration), placement });
        }}
      >
        <label className="field">
          Message size
          <select name="compare-size" value={size} onChange={(e) => setSize(e.target.value)}>
            {SIZES.map((bytes) => (
              <option key={bytes} value={bytes}>
                {formatBytes(bytes)}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="Each measurement (ms)"
          name="compare-duration"
          value={duration}
          onChange={setDuration}
          width={80}
        />
        <PlacementField name="compare-placement" value={placement} onChange={setPlacement} />
        <button type="submit" data-testid="compare-run" disabled={props.running || props.busy}>
          {props.busy ? 'Measuring…' : 'Compare all'}
        </button>
      </form>
      {rows.length > 0 && (
        <div className="compare-charts">
          <HorizontalBars
            title="Throughput, MB/s (baseline lighter)"
            rows={rows}
            series={[
              { dataKey: 'mbps', name: 'mechanism', fill: '#5aa9ff' },
              { dataKey: 'baseMbps', name: 'baseline', fill: '#2d5680' },
            ]}
            format={(v) => v.toFixed(0)}
            labelWidth={170}
          />
          <HorizontalBars
            title="Round trip p50, µs (baseline lighter)"
            rows={rows}
            series={[
              { dataKey: 'p50', name: 'mechanism', fill: '#4cc38a' },
              { dataKey: 'baseP50', name: 'baseline', fill: '#2a6b4c' },
            ]}
            format={(v) => v.toFixed(1)}
            labelWidth={170}
          />
        </div>
      )}
      {entries.length > 0 && (
        <table className="compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th>mechanism</th>
              <th>MB/s (signals: /s)</th>
              <th>of baseline</th>
              <th>RTT p50</th>
              <th>× baseline</th>
              <th>lost</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.mechanism} title={`baseline: ${e.baseline}`}>
                <td>{IPC_MECHANISM_LABELS[e.mechanism].label}</td>
                {e.throughput && e.roundTrip ? (
                  <>
                    <td>
                      {e.mechanism === 'signals'
                        ? `${count(e.throughput.mechanism.messagesPerSec)} sig/s`
                        : mbPerSec(e.throughput.mechanism.bytesPerSec)}
                    </td>
                    <td className={e.throughput.ratio >= 0.7 ? 'good' : 'bad'}>
                      {(e.throughput.ratio * 100).toFixed(0)} %
                    </td>
                    <td>{micros(e.roundTrip.mechanism.p50Us)}</td>
                    <td className={e.roundTrip.ratio <= 1.5 ? 'good' : 'bad'}>
                      {ratio(e.roundTrip.ratio)}
                    </td>
                    <td>
                      {e.mechanism === 'signals'
                        ? `${count(e.throughput.mechanism.lost)} coalesced`
                        : count(e.throughput.mechanism.lost)}
                    </td>
                  </>
                ) : (
                  <td colSpan={5} className="hint">
                    {e.error ??
                      (props.result?.status === 'completed' ? 'not measured' : 'measuring…')}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.result && (
        <p className="hint">
          {formatBytes(props.result.sizeBytes)} messages · {props.result.status}
        </p>
      )}
    </section>
  );
}
