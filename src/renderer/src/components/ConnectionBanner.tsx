import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabConnection } from '../transport/connect';
import type { ConnectionState } from '../transport/ws-client';
import './lab-states.css';

/**
 * A banner while the page has lost its lab backend (serve mode only). Meanwhile the page root
 * carries data-connection ("lost" or "refused"), which greys the live views: what they show
 * stopped updating. It is removed as soon as the connection is back.
 */
export function ConnectionBanner({
  onConnectionChange,
}: {
  onConnectionChange: LabConnection['onConnectionChange'];
}): React.JSX.Element | null {
  const { t } = useTranslation();
  const [state, setState] = useState<ConnectionState>('open');
  useEffect(() => onConnectionChange?.(setState), [onConnectionChange]);
  const mark = state === 'closed' ? 'lost' : state === 'refused' ? 'refused' : null;
  useEffect(() => {
    if (mark === null) return;
    const root = document.documentElement;
    root.dataset['connection'] = mark;
    return () => {
      delete root.dataset['connection'];
    };
  }, [mark]);

  if (state === 'refused') {
    return (
      <div className="banner error" role="alert" data-testid="connection-banner">
        {t('common.connection.refused')}
      </div>
    );
  }
  if (state !== 'closed') return null;
  return (
    <div className="banner error" role="alert" data-testid="connection-banner">
      {t('common.connection.lost')}
    </div>
  );
}
