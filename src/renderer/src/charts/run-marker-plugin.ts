import type uPlot from 'uplot';
import { CHART_THEME, PALETTE } from '../components/chart-theme';
import { fitSpanLabel, type RunSpan } from '../lib/run-spans';

/**
 * Draws each run as a shaded span on the chart's canvas, after the series, with one label in
 * its bottom-left corner that shortens ("3") or hides when the span is too narrow for it.
 * `spans` gives each span's x values (null start: it began off the chart; null stop: running).
 */
export function runMarkerPlugin(
  spans: () => readonly { span: RunSpan; x0: number | null; x1: number | null }[],
): uPlot.Plugin {
  return {
    hooks: {
      draw: (chart) => {
        const { ctx, bbox } = chart;
        const ratio = window.devicePixelRatio || 1;
        const right = bbox.left + bbox.width;
        ctx.save();
        ctx.font = `${11 * ratio}px system-ui, sans-serif`;
        // At the foot: a run keeps the cores busy, so the top (100 %) is where the lines are.
        ctx.textBaseline = 'bottom';
        // Two tints taking turns, so back-to-back runs read as two spans, not one.
        const fills = PALETTE.spanFills;
        const edges = [PALETTE.blue, PALETTE.purple] as const;
        spans().forEach(({ span, x0, x1 }, index) => {
          const from = x0 === null ? bbox.left : chart.valToPos(x0, 'x', true);
          const to = x1 === null ? right : chart.valToPos(x1, 'x', true);
          const left = Math.max(bbox.left, Math.round(from));
          const end = Math.min(right, Math.round(to));
          if (end < left || end < bbox.left || left > right) return;
          ctx.fillStyle = fills[index % 2] ?? fills[0];
          ctx.fillRect(left, bbox.top, Math.max(end - left, ratio), bbox.height);
          ctx.fillStyle = edges[index % 2] ?? edges[0];
          if (x0 !== null && left === Math.round(from)) {
            ctx.fillRect(left, bbox.top, ratio, bbox.height);
          }
          const pad = 3 * ratio;
          const text = fitSpanLabel(span, end - left - 2 * pad, (t) => ctx.measureText(t).width);
          if (text === '') return;
          ctx.fillStyle = CHART_THEME.text;
          ctx.fillText(text, left + pad, bbox.top + bbox.height - 2 * ratio);
        });
        ctx.restore();
      },
    },
  };
}
