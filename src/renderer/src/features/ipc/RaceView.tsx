import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IPC_LIMITS } from '../../../../shared/ipc-mechanisms';
import {
  PYTHON_RACE_MODES,
  RACE_MODES,
  type AnyRaceMode,
  type RaceRequest,
} from '../../../../shared/ipc-requests';
import type { IpcMechanismInfo, RaceResult } from '../../../../shared/ipc-results';
import { NumberField } from '../../components/NumberField';
import { formatCount, formatDuration, formatFraction } from '../../lib/format';

/** Each locked mode and the unlocked mode it is timed against (the lock's cost). */
const UNLOCKED: Partial<Record<AnyRaceMode, AnyRaceMode>> = {
  mutex: 'plain',
  'py-processes-locked': 'py-processes',
};

/**
 * Whether the Python modes can run, from the mechanism list (unknown until it loads). Without
 * the lab's reason, callers say "Python is not available" in the UI's language.
 */
export function pythonAvailability(mechanisms: readonly IpcMechanismInfo[] | undefined): {
  available: boolean;
  reason?: string;
} {
  const python = mechanisms?.find((m) => m.id.startsWith('python-'));
  if (!python || python.available) return { available: true };
  return python.reason === undefined
    ? { available: false }
    : { available: false, reason: python.reason };
}

/** W threads each add 1 to one shared counter T times: expected vs actual, lost updates. */
export function RaceView(props: {
  results: RaceResult[] | null;
  busy: boolean;
  /** Another IPC job is running (the lab runs one at a time). */
  blocked: boolean;
  onRun: (request: RaceRequest) => void;
  /** The lab's mechanisms: tells whether Python (and so the Python rows) can run. */
  mechanisms?: readonly IpcMechanismInfo[];
}): React.JSX.Element {
  const { t } = useTranslation();
  const modeLabel = (mode: AnyRaceMode): string => t(`ipc.race.modes.${mode}`);
  const [workers, setWorkers] = useState(String(IPC_LIMITS.raceWorkers.default));
  const [iterations, setIterations] = useState(String(IPC_LIMITS.raceIterations.default));
  const [window, setWindow] = useState(String(IPC_LIMITS.raceWindow.default));
  const python = pythonAvailability(props.mechanisms);
  const results = props.results ?? [];
  const elapsedOf = (mode: AnyRaceMode): number | undefined =>
    results.find((r) => r.mode === mode && r.error === undefined)?.elapsedMs;
  return (
    <section className="panel ipc-section" data-testid="ipc-race">
      <header className="panel-header">
        <h2>{t('ipc.race.heading')}</h2>
        <span className="hint">{t('ipc.race.hint')}</span>
      </header>
      <form
        className="ipc-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onRun({
            workers: Number(workers),
            iterations: Number(iterations),
            window: Number(window),
            modes: python.available ? [...RACE_MODES, ...PYTHON_RACE_MODES] : [...RACE_MODES],
          });
        }}
      >
        <NumberField
          label={t('ipc.race.workers')}
          name="race-workers"
          value={workers}
          onChange={setWorkers}
          width={60}
        />
        <NumberField
          label={t('ipc.race.iterations')}
          name="race-iterations"
          value={iterations}
          onChange={setIterations}
          width={110}
        />
        <NumberField
          label={t('ipc.race.window')}
          title={t('ipc.race.windowTitle')}
          name="race-window"
          value={window}
          onChange={setWindow}
          width={70}
        />
        <button type="submit" data-testid="race-run" disabled={props.busy || props.blocked}>
          {props.busy
            ? t('ipc.race.racing')
            : python.available
              ? t('ipc.race.runBoth')
              : t('ipc.race.runAll')}
        </button>
      </form>
      {!python.available && (
        <p className="hint" data-testid="race-python-unavailable">
          {t('ipc.race.pythonUnavailable', {
            reason: python.reason ?? t('ipc.race.pythonMissing'),
          })}
        </p>
      )}
      {props.results && (
        <table className="race-table" data-testid="race-results">
          <thead>
            <tr>
              <th>{t('ipc.race.columns.runtime')}</th>
              <th>{t('ipc.race.columns.update')}</th>
              <th>{t('ipc.race.columns.expected')}</th>
              <th>{t('ipc.race.columns.actual')}</th>
              <th>{t('ipc.race.columns.lostUpdates')}</th>
              <th>{t('ipc.race.columns.time')}</th>
              <th title={t('ipc.race.columns.lockCostTitle')}>{t('ipc.race.columns.lockCost')}</th>
            </tr>
          </thead>
          <tbody>
            {props.results.map((r) => {
              const unlocked = UNLOCKED[r.mode];
              const base = unlocked === undefined ? undefined : elapsedOf(unlocked);
              // Runtime names are product names: the same in every language.
              const runtime =
                r.runtime === 'python' ? `Python ${r.pythonVersion ?? ''}`.trim() : 'Node';
              if (r.error !== undefined) {
                return (
                  <tr key={r.mode} data-testid={`race-${r.mode}`} data-error={r.error}>
                    <td>{runtime}</td>
                    <td>{modeLabel(r.mode)}</td>
                    <td colSpan={5} className="bad">
                      {r.error}
                    </td>
                  </tr>
                );
              }
              return (
                <tr key={r.mode} data-testid={`race-${r.mode}`} data-lost={r.lostUpdates}>
                  <td>{runtime}</td>
                  <td>
                    {modeLabel(r.mode)}
                    {r.switchIntervalS !== undefined && r.mode === 'py-threads'
                      ? ` ${t('ipc.race.switchInterval', { interval: formatDuration(r.switchIntervalS * 1000) })}`
                      : ''}
                  </td>
                  <td>{formatCount(r.expected)}</td>
                  <td>{formatCount(r.actual)}</td>
                  <td className={r.lostUpdates > 0 ? 'bad' : 'good'}>
                    {r.lostUpdates > 0 ? '✗ ' : '✓ '}
                    {formatCount(r.lostUpdates)}
                    {r.expected > 0 && r.lostUpdates > 0
                      ? ` (${formatFraction(r.lostUpdates / r.expected, 1)})`
                      : ''}
                  </td>
                  <td>{formatDuration(r.elapsedMs)}</td>
                  <td data-testid={`race-${r.mode}-lock-cost`}>
                    {base !== undefined && base > 0
                      ? t('ipc.race.lockCostValue', {
                          ratio: (r.elapsedMs / base).toFixed(1),
                          mode: modeLabel(unlocked as AnyRaceMode),
                        })
                      : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
