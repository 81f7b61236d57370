import { useTranslation } from 'react-i18next';
import type { WatchedProcess } from '../../../../shared/sampling';
import type { FollowNewest } from './use-follow-newest';

/**
 * The watched processes as chips: pick one to show its threads; a user's watch can be
 * removed, a process the lab started stays watched while it runs. Above them, the choice to
 * follow the newest lab process, and which one is followed.
 */
export function WatchList(props: {
  watched: WatchedProcess[];
  shownKey: string | null;
  onShow: (key: string) => void;
  onUnwatch: (pid: number) => void;
  follow: FollowNewest;
}): React.JSX.Element {
  const { t } = useTranslation();
  const { watched, shownKey, onShow, onUnwatch, follow } = props;
  return (
    <>
      <FollowBar follow={follow} />
      {watched.length === 0 ? (
        <p className="hint">{t('processes.watchList.empty')}</p>
      ) : (
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
      )}
    </>
  );
}

/** The follow toggle and, in words, what the thread panel shows and why. */
function FollowBar(props: { follow: FollowNewest }): React.JSX.Element {
  const { t } = useTranslation();
  const { following, followed, setFollowing } = props.follow;
  const status = !following
    ? t('processes.follow.pinned')
    : followed === null
      ? t('processes.follow.waiting')
      : t('processes.follow.following', { name: followed.name || 'pid', pid: followed.pid });
  return (
    <div className="thread-toolbar" data-testid="follow-newest">
      <label title={t('processes.follow.title')}>
        <input
          type="checkbox"
          checked={following}
          onChange={(event) => setFollowing(event.target.checked)}
        />{' '}
        {t('processes.follow.toggle')}
      </label>
      <span
        className="hint"
        role="status"
        data-testid="follow-status"
        data-followed-pid={following ? followed?.pid : undefined}
      >
        {status}
      </span>
    </div>
  );
}
