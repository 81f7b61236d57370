import { useTranslation } from 'react-i18next';
import { REPLAY_DISABLED_REASON_KEY, useReplaying } from '../../hooks/replaying';

/** Says why a tab's run controls are disabled while a recording is replayed; nothing when live. */
export function ReplayDisabledNote(): React.JSX.Element | null {
  const { t } = useTranslation();
  if (!useReplaying()) return null;
  return (
    <p className="note replay-disabled-reason" role="note" data-testid="replay-disabled-reason">
      {t(REPLAY_DISABLED_REASON_KEY)}
    </p>
  );
}
