import { useTranslation } from 'react-i18next';
import type { WatchedProcess } from '../../../../shared/sampling';

/**
 * The watched processes as chips: pick one to show its threads; a user's watch can be
 * removed, a process the lab started stays watched while it runs.
 */
export function WatchList(props: {
  watched: WatchedProcess[];
  shownKey: string | null;
  onShow: (key: string) => void;
  onUnwatch: (pid: number) => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { watched, shownKey, onShow, onUnwatch } = props;
  if (watched.length === 0) {
    return <p className="hint">{t('processes.watchList.empty')}</p>;
  }
  return (
    <ul className="watch-list" data-testid="watch-list">
      {watched.map((process) => (
        <li key={process.key} className={process.key === shownKey ? 'shown' : undefined}>
          <button type="button" onClick={() => onShow(process.key)}>
            {process.name || 'pid'} ({process.pid})
            {process.trackedBy && <span className="badge">{process.trackedBy}</span>}
          </button>
          {process.byUser && (
            <button
              type="button"
              className="unwatch"
              aria-label={t('processes.watchList.stopWatching', { pid: process.pid })}
              onClick={() => onUnwatch(process.pid)}
            >
              ×
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
