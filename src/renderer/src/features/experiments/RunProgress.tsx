import type {
  ExperimentEvent,
  ExperimentProgress,
  ExperimentState,
} from '../../../../shared/experiments';
import { runLabel } from '../../../../shared/experiment-conclusions';
import { WORKLOAD_LABELS } from '../../../../shared/experiments';
import { formatCount, formatDuration } from '../../lib/format';

/** Workers listed by name; the rest are summed up. */
const SHOWN_WORKERS = 16;

function describeEvent(event: ExperimentEvent): string {
  const who = event.name ? `${event.name}${event.pid ? ` (pid ${event.pid})` : ''}` : '';
  switch (event.kind) {
    case 'worker-spawn':
      return `started ${who}`;
    case 'worker-exit': {
      const how = event.signal
        ? `killed by ${event.signal}`
        : `exit code ${String(event.exitCode)}`;
      return `${who} ended, ${how}`;
    }
    case 'run-start':
      return `run started: ${event.detail ?? ''}`;
    case 'run-stop':
      return `run ended: ${event.status ?? ''}${event.detail ? ` — ${event.detail}` : ''}`;
    default:
      return event.detail ?? event.kind;
  }
}

/** The running run: a progress bar, tasks per worker and the latest timeline events. */
export function RunProgress(props: {
  state: ExperimentState | null;
  progress: ExperimentProgress | null;
  events: ExperimentEvent[];
}): React.JSX.Element | null {
  const running = props.state?.running ?? null;
  const progress =
    props.progress !== null && props.progress.runId === running?.runId ? props.progress : null;
  if (running === null) {
    return props.events.length === 0 ? null : <EventList events={props.events} />;
  }
  const done = progress?.done ?? 0;
  const total = progress?.total ?? running.params.tasks;
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const workers = progress?.workers ?? [];
  const hidden = workers.slice(SHOWN_WORKERS);
  return (
    <section className="run-progress" data-testid="run-progress" aria-live="polite">
      <div className="run-progress-title">
        <b>
          {running.phase === 'baseline' ? 'Baseline: ' : ''}
          {runLabel(running.params)}
        </b>
        <span className="hint">
          {WORKLOAD_LABELS[running.params.workload]} · {formatCount(done)} / {formatCount(total)}{' '}
          tasks
          {progress ? ` · ${formatDuration(progress.elapsedMs)}` : ' · starting…'}
          {props.state && props.state.queued > 0 ? ` · ${props.state.queued} queued` : ''}
        </span>
      </div>
      <progress
        className="run-progress-bar"
        data-testid="run-progress-bar"
        max={total}
        value={done}
        aria-label={`${Math.round(fraction * 100)} % of tasks done`}
      />
      {workers.length > 1 && (
        <ul className="worker-progress">
          {workers.slice(0, SHOWN_WORKERS).map((worker) => (
            <li key={worker.name}>
              <span>{worker.name}</span>
              <b>{worker.done}</b>
            </li>
          ))}
          {hidden.length > 0 && (
            <li>
              <span>+{hidden.length} more</span>
              <b>{hidden.reduce((sum, worker) => sum + worker.done, 0)}</b>
            </li>
          )}
        </ul>
      )}
      <EventList events={props.events} />
    </section>
  );
}

function EventList({ events }: { events: ExperimentEvent[] }): React.JSX.Element {
  const recent = events.slice(-6);
  return (
    <details className="event-list">
      <summary>Timeline events ({events.length} shown of the last run)</summary>
      <ol>
        {recent.map((event, i) => (
          <li key={`${event.time}-${i}`}>
            <time>{new Date(event.time).toLocaleTimeString()}</time> {describeEvent(event)}
          </li>
        ))}
      </ol>
    </details>
  );
}
