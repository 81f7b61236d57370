import { useState } from 'react';
import {
  IPC_LIMITS,
  PYTHON_RACE_MODES,
  RACE_MODES,
  type AnyRaceMode,
  type IpcMechanismInfo,
  type RaceRequest,
  type RaceResult,
} from '../../../../shared/ipc';
import { NumberField } from '../../components/NumberField';
import { formatCount, formatDuration, formatFraction } from '../../lib/format';

const MODE_LABELS: Record<AnyRaceMode, string> = {
  plain: 'plain read-modify-write',
  atomic: 'Atomics.add',
  mutex: 'Atomics mutex',
  'py-threads': 'threads: counter += 1',
  'py-threads-fast-switch': 'threads: counter += 1, switch interval 1 µs',
  'py-processes': 'processes: Value(lock=False)',
  'py-processes-locked': 'processes: Value with get_lock()',
};

/** Each locked mode and the unlocked mode it is timed against (the lock's cost). */
const UNLOCKED: Partial<Record<AnyRaceMode, AnyRaceMode>> = {
  mutex: 'plain',
  'py-processes-locked': 'py-processes',
};

/** Whether the Python modes can run, from the mechanism list (unknown until it loads). */
export function pythonAvailability(mechanisms: readonly IpcMechanismInfo[] | undefined): {
  available: boolean;
  reason?: string;
} {
  const python = mechanisms?.find((m) => m.id.startsWith('python-'));
  if (!python || python.available) return { available: true };
  return { available: false, reason: python.reason ?? 'Python is not available' };
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
        <h2>Race condition</h2>
        <span className="hint">
          W worker threads each add 1 to one counter in shared memory T times, all starting
          together; then the same in Python, with threads and with processes
        </span>
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
          label="Workers W"
          name="race-workers"
          value={workers}
          onChange={setWorkers}
          width={60}
        />
        <NumberField
          label="Increments each T"
          name="race-iterations"
          value={iterations}
          onChange={setIterations}
          width={110}
        />
        <NumberField
          label="Work between read and write"
          title="loop steps between reading and writing the counter (Node only)"
          name="race-window"
          value={window}
          onChange={setWindow}
          width={70}
        />
        <button type="submit" data-testid="race-run" disabled={props.busy || props.blocked}>
          {props.busy ? 'Racing…' : python.available ? 'Run Node and Python' : 'Run all three'}
        </button>
      </form>
      {!python.available && (
        <p className="hint" data-testid="race-python-unavailable">
          Python rows unavailable: {python.reason}
        </p>
      )}
      {props.results && (
        <table className="race-table" data-testid="race-results">
          <thead>
            <tr>
              <th>runtime</th>
              <th>update</th>
              <th>expected</th>
              <th>actual</th>
              <th>lost updates</th>
              <th>time</th>
              <th title="time with the lock ÷ time without it">lock cost</th>
            </tr>
          </thead>
          <tbody>
            {props.results.map((r) => {
              const unlocked = UNLOCKED[r.mode];
              const base = unlocked === undefined ? undefined : elapsedOf(unlocked);
              const runtime =
                r.runtime === 'python' ? `Python ${r.pythonVersion ?? ''}`.trim() : 'Node';
              if (r.error !== undefined) {
                return (
                  <tr key={r.mode} data-testid={`race-${r.mode}`} data-error={r.error}>
                    <td>{runtime}</td>
                    <td>{MODE_LABELS[r.mode]}</td>
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
                    {MODE_LABELS[r.mode]}
                    {r.switchIntervalS !== undefined && r.mode === 'py-threads'
                      ? ` (switch interval ${formatDuration(r.switchIntervalS * 1000)})`
                      : ''}
                  </td>
                  <td>{formatCount(r.expected)}</td>
                  <td>{formatCount(r.actual)}</td>
                  <td className={r.lostUpdates > 0 ? 'bad' : 'good'}>
                    {formatCount(r.lostUpdates)}
                    {r.expected > 0 && r.lostUpdates > 0
                      ? ` (${formatFraction(r.lostUpdates / r.expected, 1)})`
                      : ''}
                  </td>
                  <td>{formatDuration(r.elapsedMs)}</td>
                  <td data-testid={`race-${r.mode}-lock-cost`}>
                    {base !== undefined && base > 0
                      ? `×${(r.elapsedMs / base).toFixed(1)} vs ${MODE_LABELS[unlocked as AnyRaceMode]}`
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
