import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SystemInfo } from '../../../shared/contract';
import { useLab } from '../hooks/lab';
import { formatBytes } from '../lib/format';

/** "…" until the value arrives. */
const WAITING = '…';

/**
 * The machine's CPU model, cores, OS and memory, read once from `system:info`. While it is read
 * the list keeps its final shape with "…" for values: a one-line "reading" in its place grew the
 * header by a few pixels when the answer came, moving the tabs below away from a click.
 */
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
  const cores =
    info === null
      ? WAITING
      : t('common.machineInfo.logical', { n: info.logicalCores }) +
        (info.physicalCores !== null
          ? t('common.machineInfo.physical', { n: info.physicalCores })
          : '');
  const os = info === null ? null : `${info.os} (${info.arch})`;
  return (
    <dl className="machine-info" data-testid="machine-info" aria-busy={info === null}>
      <div>
        <dt>{t('common.machineInfo.host')}</dt>
        <dd data-testid="machine-hostname" title={info?.hostname}>
          {info?.hostname ?? WAITING}
        </dd>
      </div>
      <div>
        <dt>{t('common.machineInfo.cpu')}</dt>
        <dd title={info?.cpuModel}>{info?.cpuModel ?? WAITING}</dd>
      </div>
      {/* Short figures keep their width: cut, "24 GiB" would read "24 …". */}
      <div className="whole">
        <dt>{t('common.machineInfo.cores')}</dt>
        <dd data-testid="logical-cores">{cores}</dd>
      </div>
      <div>
        <dt>{t('common.machineInfo.os')}</dt>
        <dd title={os ?? undefined}>{os ?? WAITING}</dd>
      </div>
      <div className="whole">
        <dt>{t('common.machineInfo.memory')}</dt>
        <dd data-testid="machine-memory">
          {info === null ? WAITING : formatBytes(info.totalMemoryBytes)}
        </dd>
      </div>
    </dl>
  );
}
