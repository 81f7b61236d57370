import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REPLAY_SPEEDS, type ReplayLabClient, type ReplayPosition } from './replay-client';

const clock = (ms: number): string => {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/** The replay banner and timeline: play/pause, seek, speed, and the way back to live. */
export function ReplayBar({
  replay,
  name,
  onExit,
}: {
  replay: ReplayLabClient;
  name: string;
  onExit: () => void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const [position, setPosition] = useState<ReplayPosition | null>(null);
  useEffect(() => replay.onPosition(setPosition), [replay]);
  const header = replay.session.header;
  return (
    <div className="replay-bar" role="region" aria-label={t('replay.bar.region')}>
      <strong className="replay-badge">{t('replay.bar.badge')}</strong>
      <span className="replay-title" data-testid="replay-title">
        {t('replay.bar.title', {
          name,
          date: new Date(header.createdAt).toLocaleString(),
          cpu: header.machine.cpuModel,
          cores: header.machine.logicalCores,
        })}
      </span>
      {replay.session.warnings.map((warning) => (
        <span key={warning} className="warning">
          {warning}
        </span>
      ))}
      <button type="button" onClick={() => (position?.playing ? replay.pause() : replay.play())}>
        {position?.playing ? t('replay.bar.pause') : t('replay.bar.play')}
      </button>
      <input
        type="range"
        aria-label={t('replay.bar.position')}
        min={0}
        max={Math.max(1, Math.round(position?.durationMs ?? 0))}
        value={Math.round(position?.positionMs ?? 0)}
        onChange={(event) => replay.seek(Number(event.target.value))}
      />
      <span className="replay-clock" data-testid="replay-clock">
        {clock(position?.positionMs ?? 0)} / {clock(position?.durationMs ?? 0)}
      </span>
      <label>
        {t('replay.bar.speed')}
        <select
          value={position?.speed ?? 1}
          onChange={(event) => replay.setSpeed(Number(event.target.value))}
        >
          {REPLAY_SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={onExit}>
        {t('replay.bar.backToLive')}
      </button>
      {position?.problem != null && (
        <p className="error" role="alert">
          {t('replay.bar.problem', { ...position.problem })}
        </p>
      )}
    </div>
  );
}
