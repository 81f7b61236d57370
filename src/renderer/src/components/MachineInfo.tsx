import { useEffect, useState } from 'react';
import type { SystemInfo } from '../../../shared/contract';
import { useLab } from '../hooks/lab';
import { formatBytes } from '../lib/format';

/** The machine's CPU model, cores, OS and memory, read once from `system:info`. */
export function MachineInfo(): React.JSX.Element {
  const lab = useLab();
  const [info, setInfo] = useState<SystemInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    lab.call('system:info', {}).then(
      (value) => live && setInfo(value),
      (reason: unknown) =>
        live && setError(reason instanceof Error ? reason.message : String(reason)),
    );
    return () => {
      live = false;
    };
  }, [lab]);

  if (error !== null)
    return <div className="machine-info unavailable">Machine info unavailable: {error}</div>;
  if (info === null) return <div className="machine-info">Reading machine info…</div>;
  return (
    <dl className="machine-info" data-testid="machine-info">
      <div>
        <dt>Host</dt>
        <dd data-testid="machine-hostname">{info.hostname}</dd>
      </div>
      <div>
        <dt>CPU</dt>
        <dd>{info.cpuModel}</dd>
      </div>
      <div>
        <dt>Cores</dt>
        <dd data-testid="logical-cores">
          {info.logicalCores} logical
          {info.physicalCores !== null ? ` · ${info.physicalCores} physical` : ''}
        </dd>
      </div>
      <div>
        <dt>OS</dt>
        <dd>
          {info.os} ({info.arch})
        </dd>
      </div>
      <div>
        <dt>Memory</dt>
        <dd>{formatBytes(info.totalMemoryBytes)}</dd>
      </div>
    </dl>
  );
}
