import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import type { CoreSample } from '../../../shared/contract';
import { runMarkerPlugin } from '../charts/run-marker-plugin';
import { UPlotChart } from '../charts/UPlotChart';
import { themedAxis, LIVE_CHART_BASE } from '../charts/uplot-theme';
import { FIGURES, useFrameState } from '../charts/use-frame-task';
import { CHART_WINDOW_MS, useCoreHistory } from '../hooks/core-history';
import { useRunMarkers, type RunMarker } from '../hooks/run-markers';
import { formatClockTime, formatPercentOf100, formatSeconds } from '../lib/format';
import { runSpans } from '../lib/run-spans';
import { useTheme } from '../theme/theme-store';
import { PALETTE, seriesColor } from './chart-theme';

/** Whole percentages: the axis ticks are round and the legend's digits stay steady. */
const percent = (value: number): string => formatPercentOf100(value, 0);

/** What the legend shows; refreshed a few times a second at most, never per sample. */
interface LegendView {
  latest: CoreSample | undefined;
  markers: RunMarker[];
}

/** Markers within the window ending at `now`. */
const markersIn = (markers: readonly RunMarker[], now: number): RunMarker[] =>
  markers.filter((marker) => marker.time >= now - CHART_WINDOW_MS);

/**
 * Live busy % per logical core over the last minute, one thin line per core and a bold total,
 * drawn on a canvas once per frame from the sample store. With many cores the lines blur
 * together, so the legend below lists every core's latest value in a compact grid.
 */
export function CoreChart(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const store = useCoreHistory();
  const markerStore = useRunMarkers();
  const section = useRef<HTMLElement>(null);
  useTheme(); // the legend's swatches follow the theme even while sampling is paused
  const [legend, invalidateLegend] = useFrameState<LegendView>(() => {
    const latest = store.last();
    return { latest, markers: markersIn(markerStore.items(), latest?.time ?? 0) };
  }, FIGURES);
  useEffect(() => store.subscribe(invalidateLegend), [store, invalidateLegend]);
  useEffect(() => markerStore.subscribe(invalidateLegend), [markerStore, invalidateLegend]);
  // Every sample is counted as it arrives (no render, one attribute), so a test can tell that
  // none arrived while paused without waiting for a frame to be drawn.
  useEffect(
    () =>
      store.subscribe(() => section.current?.setAttribute('data-samples', String(store.received))),
    [store],
  );

  const { latest } = legend;
  const coreCount = latest?.cores.length ?? 0;
  const totalLabel = t('common.coreChart.total');

  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      ...LIVE_CHART_BASE,
      scales: { x: { time: false, range: [-CHART_WINDOW_MS / 1000, 0] }, y: { range: [0, 100] } },
      axes: [
        themedAxis({ values: (_, ticks) => ticks.map((t) => formatSeconds(t, 0)) }),
        themedAxis({ size: 56, values: (_, ticks) => ticks.map(percent) }),
      ],
      series: [
        {},
        ...Array.from({ length: coreCount }, (_, core) => ({
          label: `cpu${core}`,
          stroke: () => seriesColor(core, coreCount),
          width: coreCount > 16 ? 0.75 : 1.25,
          points: { show: false },
        })),
        { label: totalLabel, stroke: () => PALETTE.total, width: 2.5, points: { show: false } },
      ],
      plugins: [
        runMarkerPlugin(() => {
          // The same "now" as the data's x values: the newest sample's time.
          const now = store.last()?.time ?? 0;
          const x = (time: number | null): number | null =>
            time === null ? null : (time - now) / 1000;
          return runSpans(markerStore.items()).map((span) => ({
            span,
            x0: x(span.start),
            x1: x(span.stop),
          }));
        }),
      ],
    }),
    [coreCount, store, markerStore, totalLabel],
  );

  const data = (): uPlot.AlignedData => {
    const samples = store.items();
    const now = samples.at(-1)?.time ?? 0;
    const x = samples.map((sample) => (sample.time - now) / 1000);
    const cores = Array.from({ length: coreCount }, (_, core) =>
      samples.map((sample) => sample.cores[core] ?? null),
    );
    return [x, ...cores, samples.map((sample) => sample.total)];
  };
  const subscribe = useMemo(
    () =>
      (onChange: () => void): (() => void) => {
        const stopSamples = store.subscribe(onChange);
        const stopMarkers = markerStore.subscribe(onChange);
        return () => {
          stopSamples();
          stopMarkers();
        };
      },
    [store, markerStore],
  );

  const summary = latest
    ? t('common.coreChart.summary', {
        total: percent(latest.total),
        cores: latest.cores.map((busy, core) => `cpu${core} ${percent(busy)}`).join(', '),
      })
    : t('common.coreChart.waiting');

  return (
    <section
      ref={section}
      className="panel core-chart"
      data-testid="core-chart"
      data-cores={coreCount}
    >
      <header className="panel-header">
        <h2>{t('common.coreChart.title')}</h2>
        <span className="hint">{t('common.coreChart.hint')}</span>
      </header>
      <div className="chart-box">
        <UPlotChart
          options={options}
          structureKey={String(coreCount)}
          height={260}
          data={data}
          subscribe={subscribe}
          label={summary}
          testId="core-chart-canvas"
        />
      </div>
      <ul className="core-legend" aria-label={t('common.coreChart.legend')}>
        <li className="total">
          <span className="swatch" style={{ background: PALETTE.total }} />
          {totalLabel} <b data-testid="total-value">{latest ? percent(latest.total) : '–'}</b>
        </li>
        {latest?.cores.map((busy, core) => (
          <li key={core} className="core-series">
            <span className="swatch" style={{ background: seriesColor(core, coreCount) }} />
            cpu{core} <b data-testid="core-value">{percent(busy)}</b>
          </li>
        ))}
      </ul>
      {legend.markers.length > 0 && (
        <ul className="run-markers" aria-label={t('common.coreChart.markers')}>
          {legend.markers.map((marker) => (
            <li key={`${marker.runId}-${marker.kind}`} className={`run-marker run-${marker.kind}`}>
              {t('common.coreChart.markerAt', {
                label: t(`common.coreChart.${marker.kind}`, {
                  runId: marker.runId,
                  status:
                    marker.status === undefined || marker.status === 'ok'
                      ? ''
                      : ` (${marker.status})`,
                }),
                time: formatClockTime(marker.time, i18n.language),
              })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
