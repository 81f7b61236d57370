import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadRow } from '../../../../shared/sampling';
import { useFrameTask } from '../../charts/use-frame-task';
import { seriesColor, STATE_COLORS } from '../../components/chart-theme';
import { hatch } from '../experiments/run-panel/paint-lanes';
import { useTheme } from '../../theme/theme-store';
import { formatPercentOf100 } from '../../lib/format';
import { THREAD_WINDOW } from './use-process-data';

const CELL = 5;
const HEIGHT = 14;
/** Fixed width: the window's columns, so a row's size never changes as ticks arrive. */
const WIDTH = THREAD_WINDOW * CELL;

type Cells = readonly (ThreadRow | null)[];

/** Draws `paint` on a canvas sized for the device's pixels, once per frame after a change. */
function useCanvasCells(
  cells: Cells,
  paint: (ctx: CanvasRenderingContext2D, cells: Cells) => void,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const latest = useRef({ cells, paint });
  useEffect(() => {
    latest.current = { cells, paint };
  });
  const invalidate = useFrameTask(() => {
    const element = canvas.current;
    const ctx = element?.getContext('2d');
    if (!element || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    // Both sides: a fresh canvas is 300 × 150, and 300 is also WIDTH at a ratio of 1.
    if (element.width !== WIDTH * ratio || element.height !== HEIGHT * ratio) {
      element.width = WIDTH * ratio;
      element.height = HEIGHT * ratio;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    // The newest THREAD_WINDOW ticks at most: one CELL-wide column each, never per pixel more.
    latest.current.paint(ctx, latest.current.cells.slice(-THREAD_WINDOW));
  });
  useEffect(invalidate, [cells, invalidate]);
  return canvas;
}

/**
 * One thread's time split per tick, oldest left, on a canvas: each column is one table
 * interval, filled bottom-up with running (on a CPU), ready (waiting for a CPU) and blocked
 * (sleeping or waiting on I/O or a lock) in proportion, told apart by shape as well as hue:
 * running solid, ready hatched, blocked a thin line.
 */
export function StateStrip(props: { cells: Cells }): React.JSX.Element {
  const { t } = useTranslation();
  const canvas = useCanvasCells(props.cells, paintStates);
  const split = props.cells.at(-1)?.split;
  const label = split
    ? t('processes.strip.labelLast', {
        running: formatPercentOf100(split.running),
        ready: formatPercentOf100(split.ready),
        blocked: formatPercentOf100(split.blocked),
      })
    : t('processes.strip.label');
  return (
    <canvas
      ref={canvas}
      className="state-strip"
      style={{ width: WIDTH, height: HEIGHT }}
      role="img"
      aria-label={label}
    />
  );
}

function paintStates(ctx: CanvasRenderingContext2D, cells: Cells): void {
  const readyFill = hatch(ctx, STATE_COLORS.ready);
  cells.forEach((cell, index) => {
    const split = cell?.split;
    if (!split) return;
    const running = (split.running / 100) * HEIGHT;
    const ready = (split.ready / 100) * HEIGHT;
    const blocked = Math.max(0, HEIGHT - running - ready);
    const x = index * CELL;
    // Blocked: a one-pixel line up the middle of the column, so it reads as "idle" by shape.
    ctx.fillStyle = STATE_COLORS.blocked;
    ctx.fillRect(x + Math.floor((CELL - 1) / 2), 0, 1, blocked);
    ctx.fillStyle = readyFill;
    ctx.fillRect(x, HEIGHT - running - ready, CELL - 1, ready);
    ctx.fillStyle = STATE_COLORS.running;
    ctx.fillRect(x, HEIGHT - running, CELL - 1, running);
  });
}

/**
 * One thread's core per tick, on a canvas: the colour of the core it last ran on, solid when
 * it ran in that tick and a thin line when it only sat there.
 */
export function CoreLane(props: { cells: Cells; cores: number }): React.JSX.Element {
  const { t } = useTranslation();
  const { cores } = props;
  const canvas = useCanvasCells(props.cells, (ctx, cells) => paintCores(ctx, cells, cores));
  const core = props.cells.at(-1)?.core;
  const label =
    core == null ? t('processes.strip.coreLabel') : t('processes.strip.coreLabelLast', { core });
  return (
    <canvas
      ref={canvas}
      className="core-lane"
      style={{ width: WIDTH, height: HEIGHT }}
      role="img"
      aria-label={label}
      title={core == null ? undefined : t('processes.strip.lastOn', { core })}
    />
  );
}

function paintCores(ctx: CanvasRenderingContext2D, cells: Cells, cores: number): void {
  cells.forEach((cell, index) => {
    if (cell?.core == null) return;
    ctx.fillStyle = seriesColor(cell.core, cores);
    // Sat there without running: a thin line in full colour, not a faint bar (kept at 3:1).
    if ((cell.cpuPercent ?? 0) > 0) ctx.fillRect(index * CELL, 2, CELL - 1, HEIGHT - 4);
    else ctx.fillRect(index * CELL, HEIGHT / 2 - 1, CELL - 1, 2);
  });
}

/** Legend of the states (shape and colour, as the strips draw them) and of the core colours. */
export function StateLegend(props: { cores: number }): React.JSX.Element {
  useTheme(); // the swatches follow the theme
  const { t } = useTranslation();
  return (
    <ul className="state-legend" data-testid="state-legend">
      <li>
        <span className="swatch" style={{ background: STATE_COLORS.running }} />{' '}
        {t('processes.legend.running')}
      </li>
      <li>
        <span className="swatch swatch-ready" style={{ color: STATE_COLORS.ready }} />{' '}
        {t('processes.legend.ready')}
      </li>
      <li>
        <span className="swatch swatch-blocked" style={{ color: STATE_COLORS.blocked }} />{' '}
        {t('processes.legend.blocked')}
      </li>
      {props.cores <= 16 ? (
        Array.from({ length: props.cores }, (_, core) => (
          <li key={core}>
            <span className="swatch" style={{ background: seriesColor(core, props.cores) }} /> cpu
            {core}
          </li>
        ))
      ) : (
        <li>{t('processes.legend.coreLane')}</li>
      )}
    </ul>
  );
}
