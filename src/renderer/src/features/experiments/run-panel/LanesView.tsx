import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lane, RunLanes } from '../../../../../shared/run-lanes';
import { RUN_VIEW, useTickedFrameTask } from '../../../charts/use-frame-task';
import { useObservedWidth } from '../../../charts/use-observed-width';
import { laneSummary } from '../../../lib/lane-geometry';
import { formatCount, formatDuration } from '../../../lib/format';
import { LANE_ROW, paintLanes, paintTasks } from './paint-lanes';
import { prepareCanvas as prepare } from './prepare-canvas';
import { taskBlockAt, threadLaneOf } from '../../../lib/task-lanes-text';
import { TaskLanesView } from './TaskLanesView';

/** Lanes drawn at most; a run with more (thread per task) says how many are left out. */
export const SHOWN_LANES = 64;
const TASKS_H = 44;
/** A finished run's lanes: drawn in the next frame, whatever the CPU chart does. */
const STILL_VIEW = {};

/** The slices a run has so far: its longest lane. */
export function slicesOf(lanes: RunLanes): number {
  return lanes.lanes.reduce((most, lane) => Math.max(most, lane.states.length), 0);
}

/**
 * A run's lanes on one canvas, names to the left and context switches and tasks to the right,
 * and its tasks per worker on a small canvas under them. An async run's task lanes go right
 * under the thread they ran on: the thread lanes after it move to a second canvas below them.
 * Drawn once per frame after a change, only while its tab is shown. `lanes` may be mutated in
 * place (live): `subscribe` then says when. `scaleSlices` puts several runs on one time axis
 * (the longest run's).
 */
export function LanesView(props: {
  lanes: RunLanes;
  cores: number;
  scaleSlices?: number;
  subscribe?: (onChange: () => void) => () => void;
  testId?: string;
}): React.JSX.Element {
  const { lanes, cores, scaleSlices, subscribe } = props;
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const restCanvas = useRef<HTMLCanvasElement>(null);
  const tasksCanvas = useRef<HTMLCanvasElement>(null);
  const shown = lanes.lanes.slice(0, SHOWN_LANES);
  const trace = lanes.taskTrace ?? null;
  const split =
    trace === null
      ? shown.length
      : taskBlockAt(
          shown.map((lane) => lane.id),
          trace.threadLaneId,
        );
  const latest = useRef({ lanes, cores, scaleSlices, rows: shown.length, split });
  useEffect(() => {
    latest.current = { lanes, cores, scaleSlices, rows: shown.length, split };
  });
  const boxWidth = useObservedWidth(canvas);
  // A live run's lanes change on the run's clock: they are drawn in the CPU chart's frames.
  const { tick, redraw } = useTickedFrameTask(
    () => {
      const { lanes: run, cores: coreCount, scaleSlices: scale, rows, split: at } = latest.current;
      const total = scale ?? slicesOf(run);
      const drawn = run.lanes.slice(0, rows);
      // The three canvases share the grid's canvas column, so the first one's width serves all.
      const width = boxWidth.read();
      const main = prepare(canvas.current, at * LANE_ROW, width);
      if (main) paintLanes(main.ctx, drawn.slice(0, at), total, main.width, coreCount);
      const rest = prepare(restCanvas.current, (rows - at) * LANE_ROW, width);
      if (rest) paintLanes(rest.ctx, drawn.slice(at), total, rest.width, coreCount);
      const tasks = prepare(tasksCanvas.current, TASKS_H, width);
      if (tasks) paintTasks(tasks.ctx, run.tasks, total, tasks.width, TASKS_H);
    },
    subscribe === undefined ? STILL_VIEW : RUN_VIEW,
  );
  useEffect(() => boxWidth.subscribe(redraw), [boxWidth, redraw]);
  useEffect(redraw, [lanes, cores, scaleSlices, shown.length, split, redraw]);
  useEffect(() => subscribe?.(tick), [subscribe, tick]);

  const slices = slicesOf(lanes);
  const done = new Map(lanes.tasks.map((t) => [t.name, t.points.at(-1)?.[1] ?? 0]));
  const upper = shown.slice(0, split);
  const lower = shown.slice(split);
  const time = formatDuration(slices * lanes.sliceMs);
  // With a task block between them, each canvas names its own part of the lanes.
  const summary = (part: Lane[]): string =>
    t(
      part.length === shown.length ? 'experiments.lanes.summary' : 'experiments.lanes.summaryPart',
      {
        part: part.length,
        count: shown.length,
        time,
        lanes: part.map((lane) => laneSummary(lane, t)).join(t('experiments.lanes.listJoin')),
      },
    );
  const block = (part: Lane[], ref: RefObject<HTMLCanvasElement | null>, label: string) => (
    <>
      <ol className="lane-labels" aria-hidden="true">
        {part.map((lane) => (
          <li
            key={lane.id}
            style={{ height: LANE_ROW }}
            title={t('experiments.lanes.idTitle', { pid: lane.pid, tid: lane.tid })}
          >
            {lane.name}
          </li>
        ))}
      </ol>
      <canvas
        ref={ref}
        className="lanes-canvas"
        style={{ height: part.length * LANE_ROW }}
        role="img"
        aria-label={label}
      />
      <ol className="lane-stats" aria-label={t('experiments.lanes.statsLabel')}>
        {part.map((lane) => (
          <li key={lane.id} style={{ height: LANE_ROW }}>
            {t('experiments.lanes.ctx', {
              n: lane.contextSwitches === null ? '—' : formatCount(lane.contextSwitches),
            })}
            {done.has(lane.name)
              ? t('experiments.lanes.tasks', { n: formatCount(done.get(lane.name) ?? 0) })
              : ''}
          </li>
        ))}
      </ol>
    </>
  );
  return (
    <div className="lanes-view" data-testid={props.testId} data-lanes={shown.length}>
      {block(upper, canvas, summary(upper))}
      {trace !== null && (
        <TaskLanesView
          trace={trace}
          thread={threadLaneOf(trace, shown)}
          totalMs={(scaleSlices ?? slices) * lanes.sliceMs}
        />
      )}
      {lower.length > 0 && block(lower, restCanvas, summary(lower))}
      {lanes.tasks.length > 0 && (
        <>
          <span className="lane-labels hint">{t('experiments.lanes.tasksDone')}</span>
          <canvas
            ref={tasksCanvas}
            className="tasks-canvas"
            style={{ height: TASKS_H }}
            role="img"
            aria-label={t('experiments.lanes.tasksLabel', {
              list: lanes.tasks
                .map((task) => `${task.name} ${formatCount(task.points.at(-1)?.[1] ?? 0)}`)
                .join(', '),
            })}
          />
          <span />
        </>
      )}
      {lanes.lanes.length > SHOWN_LANES && (
        <p className="hint lanes-more">
          {t('experiments.lanes.more', { n: lanes.lanes.length - SHOWN_LANES })}
        </p>
      )}
    </div>
  );
}
