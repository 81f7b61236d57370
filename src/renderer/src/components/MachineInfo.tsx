import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemInfo } from '../../../shared/contract';
import { useLab } from '../hooks/lab';
import { formatBytes } from '../lib/format';

/** The machine's CPU model, cores, OS and memory, read once from `system:info`. */
export function MachineInfo(): React.JSX.Element {
  const { t } = useTranslation();
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
    return (
      <div className="machine-info unavailable">
        {t('common.machineInfo.unavailable', { error })}
      </div>
    );
  if (info === null) return <div className="machine-info">{t('common.machineInfo.reading')}</div>;
  return (
    <dl className="machine-info" data-testid="machine-info">
      <div>
        <dt>{t('common.machineInfo.host')}</dt>
        <dd data-testid="machine-hostname">{info.hostname}</dd>
      </div>
      <div>
        <dt>{t('common.machineInfo.cpu')}</dt>
        <dd>{info.cpuModel}</dd>
      </div>
      <div>
        <dt>{t('common.machineInfo.cores')}</dt>
        <dd data-testid="logical-cores">
          {t('common.machineInfo.logical', { n: info.logicalCores })}
          {info.physicalCores !== null &&
            t('common.machineInfo.physical', { n: info.physicalCores })}
        </dd>
      </div>
      <div>
        <dt>{t('common.machineInfo.os')}</dt>
        <dd>
          {info.os} ({info.arch})
        </dd>
      </div>
      <div>
        <dt>{t('common.machineInfo.memory')}</dt>
        <dd>{formatBytes(info.totalMemoryBytes)}</dd>
      </div>
    </dl>
  );
}
