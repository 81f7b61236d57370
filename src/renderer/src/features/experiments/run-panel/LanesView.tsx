import { useEffect, useRef } from 'react';
import type { RunLanes } from '../../../../../shared/run-lanes';
import { useFrameTask } from '../../../charts/use-frame-task';
import { laneSummary } from '../../../lib/lane-geometry';
import { formatCount, formatDuration } from '../../../lib/format';
import { LANE_ROW, paintLanes, paintTasks } from './paint-lanes';

/** Lanes drawn at most; a run with more (thread per task) says how many are left out. */
export const SHOWN_LANES = 64;
const TASKS_H = 44;

/** The slices a run has so far: its longest lane. */
export function slicesOf(lanes: RunLanes): number {
  return lanes.lanes.reduce((most, lane) => Math.max(most, lane.states.length), 0);
}

/** Sizes a canvas to its box in device pixels and returns its context scaled to CSS px. */
function prepare(
  canvas: HTMLCanvasElement | null,
  height: number,
): { ctx: CanvasRenderingContext2D; width: number } | null {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return null;
  const width = Math.max(1, canvas.clientWidth);
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width };
}

/**
 * A run's lanes on ONE canvas, names to the left and context switches and tasks to the right,
 * and its tasks per worker on a small canvas under them. Drawn once per frame after a change,
 * only while its tab is shown. `lanes` may be mutated in place (live): `subscribe` then says
 * when. `scaleSlices` puts several runs on one time axis (the longest run's).
 */
export function LanesView(props: {
  lanes: RunLanes;
  cores: number;
  scaleSlices?: number;
  subscribe?: (onChange: () => void) => () => void;
  testId?: string;
}): React.JSX.Element {
  const { lanes, cores, scaleSlices, subscribe } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const tasksCanvas = useRef<HTMLCanvasElement>(null);
  const shown = lanes.lanes.slice(0, SHOWN_LANES);
  const latest = useRef({ lanes, cores, scaleSlices, rows: shown.length });
  useEffect(() => {
    latest.current = { lanes, cores, scaleSlices, rows: shown.length };
  });
  const invalidate = useFrameTask(() => {
    const { lanes: run, cores: coreCount, scaleSlices: scale, rows } = latest.current;
    const total = scale ?? slicesOf(run);
    const main = prepare(canvas.current, rows * LANE_ROW);
    if (main) paintLanes(main.ctx, run.lanes.slice(0, rows), total, main.width, coreCount);
    const tasks = prepare(tasksCanvas.current, TASKS_H);
    if (tasks) paintTasks(tasks.ctx, run.tasks, total, tasks.width, TASKS_H);
  });
  useEffect(invalidate, [lanes, cores, scaleSlices, shown.length, invalidate]);
  useEffect(() => subscribe?.(invalidate), [subscribe, invalidate]);
  useEffect(() => {
    const element = canvas.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(invalidate);
    observer.observe(element);
    return () => observer.disconnect();
  }, [invalidate]);

  const slices = slicesOf(lanes);
  const done = new Map(lanes.tasks.map((t) => [t.name, t.points.at(-1)?.[1] ?? 0]));
  const summary = `${shown.length} lanes over ${formatDuration(slices * lanes.sliceMs)}. ${shown
    .map(laneSummary)
    .join('; ')}.`;
  return (
    <div className="lanes-view" data-testid={props.testId} data-lanes={shown.length}>
      <ol className="lane-labels" aria-hidden="true">
        {shown.map((lane) => (
          <li
            key={lane.id}
            style={{ height: LANE_ROW }}
            title={`pid ${lane.pid} · tid ${lane.tid}`}
          >
            {lane.name}
          </li>
        ))}
      </ol>
      <canvas
        ref={canvas}
        className="lanes-canvas"
        style={{ height: shown.length * LANE_ROW }}
        role="img"
        aria-label={summary}
      />
      <ol className="lane-stats" aria-label="Context switches and tasks per lane">
        {shown.map((lane) => (
          <li key={lane.id} style={{ height: LANE_ROW }}>
            {lane.contextSwitches === null ? '—' : formatCount(lane.contextSwitches)} ctx
            {done.has(lane.name) ? ` · ${formatCount(done.get(lane.name) ?? 0)} tasks` : ''}
          </li>
        ))}
      </ol>
      {lanes.tasks.length > 0 && (
        <>
          <span className="lane-labels hint">tasks done</span>
          <canvas
            ref={tasksCanvas}
            className="tasks-canvas"
            style={{ height: TASKS_H }}
            role="img"
            aria-label={`Tasks completed per worker over time: ${lanes.tasks
              .map((t) => `${t.name} ${formatCount(t.points.at(-1)?.[1] ?? 0)}`)
              .join(', ')}`}
          />
          <span />
        </>
      )}
      {lanes.lanes.length > SHOWN_LANES && (
        <p className="hint lanes-more">
          +{lanes.lanes.length - SHOWN_LANES} more threads not drawn
        </p>
      )}
    </div>
  );
}
