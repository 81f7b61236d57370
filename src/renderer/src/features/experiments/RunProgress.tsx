import type { ExperimentEvent, ExperimentState } from '../../../../shared/experiment-results';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { RUN_LEGEND, useStoreState } from '../../charts/use-frame-task';
import type { RunProgressStore } from '../../stores/run-progress-store';
import { runLabel } from '../../../../shared/experiment-conclusions';
import { formatClockTime, formatCount, formatDuration } from '../../lib/format';
import { useExperimentWords } from './phrases';

/** Workers listed by name; the rest are summed up. */
const SHOWN_WORKERS = 16;

function describeEvent(event: ExperimentEvent, t: TFunction): string {
  const pid = event.pid ?? 0;
  const who = event.name
    ? pid
      ? t('experiments.progress.who', { name: event.name, pid })
      : event.name
    : '';
  switch (event.kind) {
    case 'worker-spawn':
      return t('experiments.progress.spawned', { who });
    case 'worker-exit': {
      const how = event.signal
        ? t('experiments.progress.killedBy', { signal: event.signal })
        : t('experiments.progress.exitCode', { code: String(event.exitCode) });
      return t('experiments.progress.exited', { who, how });
    }
    case 'run-start':
      return t('experiments.progress.runStart', { detail: event.detail ?? '' });
    case 'run-stop': {
      const detail = event.detail
        ? t('experiments.progress.stopDetail', { detail: event.detail })
        : '';
      return t('experiments.progress.runStop', { status: event.status ?? '', detail });
    }
    default:
      return event.detail ?? event.kind;
  }
}

/**
 * The running run: a progress bar, tasks per worker and the latest timeline events. It reads
 * them from the store in the CPU chart's frames, at most every LEGEND_INTERVAL_MS, and only
 * while shown.
 */
export function RunProgress(props: {
  state: ExperimentState | null;
  live: RunProgressStore;
}): React.JSX.Element | null {
  const words = useExperimentWords();
  const { t } = words;
  const { live } = props;
  const [snapshot] = useStoreState(live, () => live.snapshot, RUN_LEGEND);
  const { events } = snapshot;
  const running = props.state?.running ?? null;
  const progress =
    snapshot.progress !== null && snapshot.progress.runId === running?.runId
      ? snapshot.progress
      : null;
  if (running === null) {
    return events.length === 0 ? null : <EventList events={events} />;
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
          {running.phase === 'baseline' ? t('experiments.progress.baseline') : ''}
          {runLabel(running.params, words.p)}
        </b>
        <span className="hint">
          {t('experiments.progress.counts', {
            workload: words.workload(running.params.workload),
            done: formatCount(done),
            total: formatCount(total),
          })}
          {progress
            ? t('experiments.progress.elapsed', { time: formatDuration(progress.elapsedMs) })
            : t('experiments.progress.starting')}
          {props.state && props.state.queued > 0
            ? t('experiments.progress.queued', { n: props.state.queued })
            : ''}
        </span>
      </div>
      <progress
        className="run-progress-bar"
        data-testid="run-progress-bar"
        max={total}
        value={done}
        aria-label={t('experiments.progress.percentDone', { percent: Math.round(fraction * 100) })}
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
              <span>{t('experiments.progress.more', { n: hidden.length })}</span>
              <b>{hidden.reduce((sum, worker) => sum + worker.done, 0)}</b>
            </li>
          )}
        </ul>
      )}
      <EventList events={events} />
    </section>
  );
}

function EventList({ events }: { events: readonly ExperimentEvent[] }): React.JSX.Element {
  const recent = events.slice(-6);
  const { t, i18n } = useTranslation();
  return (
    <details className="event-list">
      <summary>{t('experiments.progress.events', { n: events.length })}</summary>
      <ol>
        {recent.map((event, i) => (
          <li key={`${event.time}-${i}`}>
            <time>{formatClockTime(event.time, i18n.language)}</time> {describeEvent(event, t)}
          </li>
        ))}
      </ol>
    </details>
  );
}
