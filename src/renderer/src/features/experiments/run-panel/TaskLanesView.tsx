import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lane } from '../../../../../shared/run-lanes';
import type { TaskTrace } from '../../../../../shared/task-lanes';
import { useFrameTask } from '../../../charts/use-frame-task';
import { useObservedWidth } from '../../../charts/use-observed-width';
import { taskLaneRows, taskRowsOf } from '../../../lib/task-lane-geometry';
import { paintTaskLanes, TASK_ROW } from './paint-task-lanes';
import { prepareCanvas } from './prepare-canvas';
import {
  switchText,
  switchWhy,
  taskLaneLabel,
  taskLanesAria,
  taskLanesSummary,
  taskLaneStat,
  truncatedNote,
} from '../../../lib/task-lanes-text';

/**
 * An async run's tasks, one lane each (or per group: the lab groups beyond 64), placed inside
 * the thread lanes' grid right under the thread they ran on, on the same time axis. Its first
 * line sets the task switches against that thread's kernel context switches and stays when the
 * block is collapsed. The wrapper is `display: contents`, so its rows are the grid's rows and
 * line up with the thread lanes' names, canvas and figures.
 */
export function TaskLanesView(props: {
  trace: TaskTrace;
  /** The thread the tasks ran on, or null when it is not among the lanes. */
  thread: Lane | null;
  /** The time the thread lanes' canvas spans, ms: the task canvas uses the same axis. */
  totalMs: number;
}): React.JSX.Element {
  const { trace, thread, totalMs } = props;
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  // Groups opened to show their own tasks (the lab groups beyond 64 tasks).
  const [opened, setOpened] = useState<ReadonlySet<number>>(() => new Set());
  const shown = taskRowsOf(trace.lanes, opened);
  const canvas = useRef<HTMLCanvasElement>(null);
  const latest = useRef({ shown, totalMs });
  useEffect(() => {
    latest.current = { shown, totalMs };
  });
  // The canvas is rendered only while the block is open.
  const boxWidth = useObservedWidth(canvas, open);
  const invalidate = useFrameTask(() => {
    const { shown: drawn, totalMs: span } = latest.current;
    const lanes = drawn.map((row) => row.lane);
    const target = prepareCanvas(canvas.current, lanes.length * TASK_ROW, boxWidth.read());
    if (target) paintTaskLanes(target.ctx, taskLaneRows(lanes, span, target.width));
  });
  useEffect(() => boxWidth.subscribe(invalidate), [boxWidth, invalidate]);
  useEffect(invalidate, [trace, totalMs, open, opened, invalidate]);
  const toggleGroup = (group: number): void =>
    setOpened((was) => {
      const next = new Set(was);
      if (!next.delete(group)) next.add(group);
      return next;
    });

  const rows = shown.length;
  return (
    <div
      className="task-lanes"
      data-testid="task-lanes"
      data-task-lanes={trace.lanes.length}
      data-task-rows={rows}
      data-task-total={trace.taskTotal}
      data-open={open}
    >
      <p className="task-lanes-head">
        <button
          type="button"
          className="task-lanes-toggle"
          aria-expanded={open}
          aria-label={t(open ? 'experiments.lanes.hideTasks' : 'experiments.lanes.showTasks')}
          onClick={() => setOpen((was) => !was)}
        >
          {open ? '▾' : '▸'}
        </button>{' '}
        <span data-testid="task-lanes-summary">{taskLanesSummary(trace, thread, t)}</span>
        {' · '}
        <b
          data-testid="task-switches"
          data-task-switches={trace.taskSwitches}
          data-context-switches={thread?.contextSwitches ?? ''}
        >
          {switchText(trace, thread, t)}
        </b>
        <span className="hint">{t('experiments.taskLanes.why', { why: switchWhy(t) })}</span>
        {trace.truncated && (
          <span className="task-lanes-truncated" data-testid="task-lanes-truncated">
            {' '}
            {t('experiments.taskLanes.truncatedLine', { note: truncatedNote(t) })}
          </span>
        )}
        {open && <span className="hint">{t('experiments.lanes.barHint')}</span>}
      </p>
      {open && (
        <>
          <ol className="task-lane-labels">
            {shown.map((row, index) => (
              <li key={index} style={{ height: TASK_ROW }} className={row.member ? 'member' : ''}>
                {row.group === null ? (
                  taskLaneLabel(row.lane)
                ) : (
                  <button
                    type="button"
                    className="task-group-toggle"
                    aria-expanded={opened.has(row.group)}
                    onClick={() => toggleGroup(row.group ?? 0)}
                  >
                    {opened.has(row.group) ? '▾' : '▸'} {taskLaneLabel(row.lane)}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <canvas
            ref={canvas}
            className="task-lanes-canvas"
            style={{ height: rows * TASK_ROW }}
            role="img"
            aria-label={taskLanesAria(trace, thread, t)}
          />
          <ol className="task-lane-stats" aria-hidden="true">
            {shown.map((row, index) => (
              <li key={index} style={{ height: TASK_ROW }}>
                {taskLaneStat(row.lane, t)}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
