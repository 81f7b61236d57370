import { useEffect, useRef } from 'react';
import type { ThreadRow } from '../../../../shared/sampling';
import { useFrameTask } from '../../charts/use-frame-task';
import { seriesColor, STATE_COLORS } from '../../components/chart-theme';
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
 * (sleeping or waiting on I/O or a lock) in proportion.
 */
export function StateStrip(props: { cells: Cells }): React.JSX.Element {
  const canvas = useCanvasCells(props.cells, paintStates);
  const split = props.cells.at(-1)?.split;
  const label = split
    ? `running, ready and blocked per tick; last tick ${formatPercentOf100(split.running)} running, ${formatPercentOf100(split.ready)} ready, ${formatPercentOf100(split.blocked)} blocked`
    : 'running, ready and blocked per tick';
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
  cells.forEach((cell, index) => {
    const split = cell?.split;
    if (!split) return;
    const running = (split.running / 100) * HEIGHT;
    const ready = (split.ready / 100) * HEIGHT;
    const x = index * CELL;
    ctx.fillStyle = STATE_COLORS.blocked;
    ctx.fillRect(x, 0, CELL - 1, HEIGHT);
    ctx.fillStyle = STATE_COLORS.ready;
    ctx.fillRect(x, HEIGHT - running - ready, CELL - 1, ready);
    ctx.fillStyle = STATE_COLORS.running;
    ctx.fillRect(x, HEIGHT - running, CELL - 1, running);
  });
}

/**
 * One thread's core per tick, on a canvas: the colour of the core it last ran on, solid when
 * it ran in that tick and faint when it only sat there.
 */
export function CoreLane(props: { cells: Cells; cores: number }): React.JSX.Element {
  const { cores } = props;
  const canvas = useCanvasCells(props.cells, (ctx, cells) => paintCores(ctx, cells, cores));
  const core = props.cells.at(-1)?.core;
  const label = core == null ? 'core per tick' : `core per tick; last on cpu${core}`;
  return (
    <canvas
      ref={canvas}
      className="core-lane"
      style={{ width: WIDTH, height: HEIGHT }}
      role="img"
      aria-label={label}
      title={core == null ? undefined : `last on cpu${core}`}
    />
  );
}

function paintCores(ctx: CanvasRenderingContext2D, cells: Cells, cores: number): void {
  cells.forEach((cell, index) => {
    if (cell?.core == null) return;
    ctx.globalAlpha = (cell.cpuPercent ?? 0) > 0 ? 1 : 0.25;
    ctx.fillStyle = seriesColor(cell.core, cores);
    ctx.fillRect(index * CELL, 2, CELL - 1, HEIGHT - 4);
  });
  ctx.globalAlpha = 1;
}

/** Legend of the state colours and of the core colours. */
export function StateLegend(props: { cores: number }): React.JSX.Element {
  return (
    <ul className="state-legend" data-testid="state-legend">
      <li>
        <span className="swatch" style={{ background: STATE_COLORS.running }} /> running (on a CPU)
      </li>
      <li>
        <span className="swatch" style={{ background: STATE_COLORS.ready }} /> ready (waiting for a
        CPU)
      </li>
      <li>
        <span className="swatch" style={{ background: STATE_COLORS.blocked }} /> blocked (sleeping,
        I/O, lock)
      </li>
      {props.cores <= 16 ? (
        Array.from({ length: props.cores }, (_, core) => (
          <li key={core}>
            <span className="swatch" style={{ background: seriesColor(core, props.cores) }} /> cpu
            {core}
          </li>
        ))
      ) : (
        <li>core lane: one colour per core (hover a lane for its latest core)</li>
      )}
    </ul>
  );
}
