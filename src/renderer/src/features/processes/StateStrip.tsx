import type { ThreadRow } from '../../../../shared/sampling';
import { seriesColor, STATE_COLORS } from '../../components/chart-theme';

const CELL = 5;
const HEIGHT = 14;

/**
 * One thread's time split per tick, oldest left: each column is one table interval, filled
 * bottom-up with running (on a CPU), ready (waiting for a CPU) and blocked (sleeping or
 * waiting on I/O or a lock) in proportion.
 */
export function StateStrip(props: { cells: (ThreadRow | null)[] }): React.JSX.Element {
  const { cells } = props;
  return (
    <svg
      className="state-strip"
      width={cells.length * CELL}
      height={HEIGHT}
      role="img"
      aria-label="running, ready and blocked per tick"
    >
      {cells.map((cell, index) => {
        const split = cell?.split;
        if (!split) return null;
        const running = (split.running / 100) * HEIGHT;
        const ready = (split.ready / 100) * HEIGHT;
        const x = index * CELL;
        return (
          <g key={index}>
            <rect x={x} y={0} width={CELL - 1} height={HEIGHT} fill={STATE_COLORS.blocked} />
            <rect
              x={x}
              y={HEIGHT - running - ready}
              width={CELL - 1}
              height={ready}
              fill={STATE_COLORS.ready}
            />
            <rect
              x={x}
              y={HEIGHT - running}
              width={CELL - 1}
              height={running}
              fill={STATE_COLORS.running}
            />
          </g>
        );
      })}
    </svg>
  );
}

/**
 * One thread's core per tick: the colour of the core it last ran on, solid when it ran in
 * that tick and faint when it only sat there.
 */
export function CoreLane(props: { cells: (ThreadRow | null)[]; cores: number }): React.JSX.Element {
  const { cells, cores } = props;
  return (
    <svg
      className="core-lane"
      width={cells.length * CELL}
      height={HEIGHT}
      role="img"
      aria-label="core per tick"
    >
      {cells.map((cell, index) =>
        cell?.core == null ? null : (
          <rect
            key={index}
            x={index * CELL}
            y={2}
            width={CELL - 1}
            height={HEIGHT - 4}
            fill={seriesColor(cell.core, cores)}
            opacity={(cell.cpuPercent ?? 0) > 0 ? 1 : 0.25}
          >
            <title>{`cpu${cell.core}`}</title>
          </rect>
        ),
      )}
    </svg>
  );
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
        <li>core lane: one colour per core (hover a cell for its number)</li>
      )}
    </ul>
  );
}
