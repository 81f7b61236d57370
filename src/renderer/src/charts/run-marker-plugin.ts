import type uPlot from 'uplot';
import { CHART_THEME, PALETTE } from '../components/chart-theme';
import type { RunMarker } from '../hooks/run-markers';

/**
 * Draws run start / stop markers as dashed vertical lines with their labels on the chart's
 * canvas, after the series. `markers` gives each marker's x value (or null when off the chart).
 */
export function runMarkerPlugin(
  markers: () => readonly { marker: RunMarker; x: number }[],
): uPlot.Plugin {
  return {
    hooks: {
      draw: (chart) => {
        const { ctx, bbox } = chart;
        const ratio = window.devicePixelRatio || 1;
        ctx.save();
        ctx.setLineDash([4 * ratio, 3 * ratio]);
        ctx.lineWidth = ratio;
        ctx.font = `${11 * ratio}px system-ui, sans-serif`;
        ctx.textBaseline = 'top';
        for (const { marker, x } of markers()) {
          const left = Math.round(chart.valToPos(x, 'x', true));
          if (left < bbox.left || left > bbox.left + bbox.width) continue;
          ctx.strokeStyle = marker.kind === 'start' ? PALETTE.lightGreen : PALETTE.red;
          ctx.beginPath();
          ctx.moveTo(left, bbox.top);
          ctx.lineTo(left, bbox.top + bbox.height);
          ctx.stroke();
          ctx.fillStyle = CHART_THEME.axis;
          ctx.fillText(marker.label, left + 3 * ratio, bbox.top + 2 * ratio);
        }
        ctx.restore();
      },
    },
  };
}
