import { useEffect, useState } from 'react';
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
  const [position, setPosition] = useState<ReplayPosition | null>(null);
  useEffect(() => replay.onPosition(setPosition), [replay]);
  const header = replay.session.header;
  return (
    <div className="replay-bar" role="region" aria-label="Replay">
      <strong className="replay-badge">REPLAY</strong>
      <span className="replay-title" data-testid="replay-title">
        {name} · recorded {new Date(header.createdAt).toLocaleString()} on {header.machine.cpuModel}{' '}
        ({header.machine.logicalCores} cores)
      </span>
      {replay.session.warnings.map((warning) => (
        <span key={warning} className="warning">
          {warning}
        </span>
      ))}
      <button type="button" onClick={() => (position?.playing ? replay.pause() : replay.play())}>
        {position?.playing ? 'Pause replay' : 'Play'}
      </button>
      <input
        type="range"
        aria-label="Replay position"
        min={0}
        max={Math.max(1, Math.round(position?.durationMs ?? 0))}
        value={Math.round(position?.positionMs ?? 0)}
        onChange={(event) => replay.seek(Number(event.target.value))}
      />
      <span className="replay-clock" data-testid="replay-clock">
        {clock(position?.positionMs ?? 0)} / {clock(position?.durationMs ?? 0)}
      </span>
      <label>
        Speed
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
        Back to live
      </button>
      {position?.problem != null && (
        <p className="error" role="alert">
          {position.problem}
        </p>
      )}
    </div>
  );
}
