import { useEffect, useState } from 'react';
import type { LabConnection } from '../transport/connect';
import type { ConnectionState } from '../transport/ws-client';

/** A banner while the page has lost its lab backend (serve mode only). */
export function ConnectionBanner({
  onConnectionChange,
}: {
  onConnectionChange: LabConnection['onConnectionChange'];
}): React.JSX.Element | null {
  const [state, setState] = useState<ConnectionState>('open');
  useEffect(() => onConnectionChange?.(setState), [onConnectionChange]);
  if (state !== 'closed') return null;
  return (
    <div className="banner error" role="alert">
      Lost the connection to the lab backend — reconnecting…
    </div>
  );
}
