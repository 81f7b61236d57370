import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resultErrorText } from '../../lib/issue-text';
import {
  IPC_LIMITS,
  type IpcMechanism,
  type IpcPlacement,
} from '../../../../shared/ipc-mechanisms';
import type { CompareRequest } from '../../../../shared/ipc-requests';
import type { CompareResult } from '../../../../shared/ipc-results';
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
import { judgeRatio, overheadText } from '../../lib/verdict';
import { useTheme } from '../../theme/theme-store';
import { PlacementField } from './PlacementField';
import { baselineText } from '../../lib/ipc-mechanism-text';

const SIZES = [64, 1024, 16 * 1024, 64 * 1024, 1024 * 1024].map((bytes) => ({
  value: String(bytes),
  label: formatBytes(bytes),
}));

/** Throughput under this share of its baseline, or a round trip over this many times it, is a lot. */
const THROUGHPUT_LIMIT = 0.7;
const ROUND_TRIP_LIMIT = 1.5;

/** A ratio to the baseline with its verdict in words as well as colour. */
function RatioCell(props: {
  ratio: number;
  limit: number;
  better: 'higher' | 'lower';
  children: string;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { verdict, text } = overheadText(judgeRatio(props.ratio, props.limit, props.better), t);
  return (
    <td className={verdict} data-verdict={verdict}>
      {props.children} <span className="verdict">{text}</span>
    </td>
  );
}

/** Every mechanism at one size: throughput and round-trip bars, and ratios to their baselines. */
export function CompareView(props: {
  result: CompareResult | null;
  running: boolean;
  busy: boolean;
  onRun: (request: CompareRequest) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const mechanismLabel = (id: IpcMechanism): string => t(`ipc.mechanisms.${id}.label`);
  const [size, setSize] = useState(String(64 * 1024));
  const [duration, setDuration] = useState(String(IPC_LIMITS.compareDurationMs.default));
  const [placement, setPlacement] = useState<IpcPlacement>('any');
  useTheme(); // the bars' colours are props: re-render on a theme change
  const entries = props.result?.entries ?? [];
  const rows = entries
    .filter((e) => e.throughput || e.roundTrip)
    .map((e) => ({
      name: mechanismLabel(e.mechanism),
      mbps: (e.throughput?.mechanism.bytesPerSec ?? 0) / 1e6,
      baseMbps: (e.throughput?.baseline.bytesPerSec ?? 0) / 1e6,
      p50: e.roundTrip?.mechanism.p50Us ?? 0,
      baseP50: e.roundTrip?.baseline.p50Us ?? 0,
    }));
  return (
    <section className="panel ipc-section" data-testid="ipc-compare">
      <header className="panel-header">
        <h2>{t('ipc.compare.heading')}</h2>
        <span className="hint">{t('ipc.compare.hint')}</span>
      </header>
      <form
        className="ipc-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onRun({ sizeBytes: Number(size), durationMs: Number(duration), placement });
        }}
      >
        <SelectField
          label={t('ipc.compare.size')}
          name="compare-size"
          value={size}
          options={SIZES}
          onChange={setSize}
        />
        <NumberField
          label={t('ipc.compare.each')}
          name="compare-duration"
          value={duration}
          onChange={setDuration}
          width={80}
        />
        <PlacementField name="compare-placement" value={placement} onChange={setPlacement} />
        <button type="submit" data-testid="compare-run" disabled={props.running || props.busy}>
          {props.busy ? t('ipc.compare.measuring') : t('ipc.compare.run')}
        </button>
      </form>
      {rows.length > 0 && (
        <div className="compare-charts">
          <HorizontalBars
            title={t('ipc.compare.throughputTitle')}
            rows={rows}
            series={[
              { dataKey: 'mbps', name: t('ipc.compare.mechanismSeries'), fill: PALETTE.blue },
              {
                dataKey: 'baseMbps',
                name: t('ipc.compare.baselineSeries'),
                fill: PALETTE.baseline,
              },
            ]}
            format={(v) => v.toFixed(0)}
            labelWidth={170}
          />
          <HorizontalBars
            title={t('ipc.compare.roundTripTitle')}
            rows={rows}
            series={[
              { dataKey: 'p50', name: t('ipc.compare.mechanismSeries'), fill: PALETTE.green },
              { dataKey: 'baseP50', name: t('ipc.compare.baselineSeries'), fill: PALETTE.baseline },
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
              <th>{t('ipc.compare.columns.mechanism')}</th>
              <th>{t('ipc.compare.columns.throughput')}</th>
              <th>{t('ipc.compare.columns.ofBaseline')}</th>
              <th>{t('ipc.compare.columns.roundTrip')}</th>
              <th>{t('ipc.compare.columns.timesBaseline')}</th>
              <th>{t('ipc.compare.columns.lost')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr
                key={e.mechanism}
                title={t('ipc.compare.baselineTitle', { baseline: baselineText(e, t) })}
              >
                <td>{mechanismLabel(e.mechanism)}</td>
                {e.throughput && e.roundTrip ? (
                  <>
                    <td>
                      {e.mechanism === 'signals'
                        ? t('ipc.compare.signalsPerSec', {
                            rate: formatCount(e.throughput.mechanism.messagesPerSec),
                          })
                        : formatMegabytesPerSecond(e.throughput.mechanism.bytesPerSec)}
                    </td>
                    <RatioCell ratio={e.throughput.ratio} limit={THROUGHPUT_LIMIT} better="higher">
                      {formatFraction(e.throughput.ratio)}
                    </RatioCell>
                    <td>{formatMicroseconds(e.roundTrip.mechanism.p50Us)}</td>
                    <RatioCell ratio={e.roundTrip.ratio} limit={ROUND_TRIP_LIMIT} better="lower">
                      {formatRatio(e.roundTrip.ratio)}
                    </RatioCell>
                    <td>
                      {e.mechanism === 'signals'
                        ? t('ipc.compare.coalesced', {
                            lost: formatCount(e.throughput.mechanism.lost),
                          })
                        : formatCount(e.throughput.mechanism.lost)}
                    </td>
                  </>
                ) : (
                  <td colSpan={5} className="hint">
                    {resultErrorText(e, t) ??
                      (props.result?.status === 'completed'
                        ? t('ipc.compare.notMeasured')
                        : t('ipc.compare.measuringRow'))}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.length > 0 && (
        <p className="hint" data-testid="compare-verdict-key">
          {t('ipc.compare.verdictKey', {
            share: formatFraction(THROUGHPUT_LIMIT),
            ratio: formatRatio(ROUND_TRIP_LIMIT),
          })}
        </p>
      )}
      {props.result && (
        <p className="hint">
          {t('ipc.compare.footer', {
            size: formatBytes(props.result.sizeBytes),
            status: t(`ipc.statuses.${props.result.status}`),
          })}
        </p>
      )}
    </section>
  );
}
