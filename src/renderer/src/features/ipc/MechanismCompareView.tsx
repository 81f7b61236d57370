import { useState } from 'react';
import {
  IPC_LIMITS,
  IPC_MECHANISM_LABELS,
  type CompareRequest,
  type CompareResult,
  type IpcPlacement,
} from '../../../../shared/ipc';
import { PALETTE } from '../../components/chart-theme';
import { HorizontalBars } from '../../components/HorizontalBars';
import { NumberField } from '../../components/NumberField';
import { SelectField } from '../../components/SelectField';
import {
  formatBytes,
  formatCount,
  formatFraction,
  formatMegabytesPerSecond,
  formatMicroseconds,
  formatRatio,
} from '../../lib/format';
import { PlacementField } from './PlacementField';

const SIZES = [64, 1024, 16 * 1024, 64 * 1024, 1024 * 1024].map((bytes) => ({
  value: String(bytes),
  label: formatBytes(bytes),
}));

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
        <SelectField
          label="Message size"
          name="compare-size"
          value={size}
          options={SIZES}
          onChange={setSize}
        />
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
              { dataKey: 'mbps', name: 'mechanism', fill: PALETTE.blue },
              { dataKey: 'baseMbps', name: 'baseline', fill: PALETTE.blueDim },
            ]}
            format={(v) => v.toFixed(0)}
            labelWidth={170}
          />
          <HorizontalBars
            title="Round trip p50, µs (baseline lighter)"
            rows={rows}
            series={[
              { dataKey: 'p50', name: 'mechanism', fill: PALETTE.green },
              { dataKey: 'baseP50', name: 'baseline', fill: PALETTE.greenDim },
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
                        ? `${formatCount(e.throughput.mechanism.messagesPerSec)} sig/s`
                        : formatMegabytesPerSecond(e.throughput.mechanism.bytesPerSec)}
                    </td>
                    <td className={e.throughput.ratio >= 0.7 ? 'good' : 'bad'}>
                      {formatFraction(e.throughput.ratio)}
                    </td>
                    <td>{formatMicroseconds(e.roundTrip.mechanism.p50Us)}</td>
                    <td className={e.roundTrip.ratio <= 1.5 ? 'good' : 'bad'}>
                      {formatRatio(e.roundTrip.ratio)}
                    </td>
                    <td>
                      {e.mechanism === 'signals'
                        ? `${formatCount(e.throughput.mechanism.lost)} coalesced`
                        : formatCount(e.throughput.mechanism.lost)}
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
