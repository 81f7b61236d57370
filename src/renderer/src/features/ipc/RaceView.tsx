import { useState } from 'react';
import { IPC_LIMITS, type RaceRequest, type RaceResult } from '../../../../shared/ipc';
import { NumberField } from '../../components/NumberField';
import { formatCount, formatDuration, formatFraction } from '../../lib/format';

const MODE_LABELS = {
  plain: 'plain read-modify-write',
  atomic: 'Atomics.add',
  mutex: 'Atomics mutex',
} as const;

/** W threads each add 1 to one shared counter T times: expected vs actual, lost updates. */
export function RaceView(props: {
  results: RaceResult[] | null;
  busy: boolean;
  /** Another IPC job is running (the lab runs one at a time). */
  blocked: boolean;
  onRun: (request: RaceRequest) => void;
}): React.JSX.Element {
  const [workers, setWorkers] = useState(String(IPC_LIMITS.raceWorkers.default));
  const [iterations, setIterations] = useState(String(IPC_LIMITS.raceIterations.default));
  const [window, setWindow] = useState(String(IPC_LIMITS.raceWindow.default));
  return (
    <section className="panel ipc-section" data-testid="ipc-race">
      <header className="panel-header">
        <h2>Race condition</h2>
        <span className="hint">
          W worker threads each add 1 to one counter in shared memory T times, all starting together
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
            modes: ['plain', 'atomic', 'mutex'],
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
          title="loop steps between reading and writing the counter"
          name="race-window"
          value={window}
          onChange={setWindow}
          width={70}
        />
        <button type="submit" data-testid="race-run" disabled={props.busy || props.blocked}>
          {props.busy ? 'Racing…' : 'Run all three'}
        </button>
      </form>
      {props.results && (
        <table className="race-table" data-testid="race-results">
          <thead>
            <tr>
              <th>update</th>
              <th>expected</th>
              <th>actual</th>
              <th>lost updates</th>
              <th>time</th>
            </tr>
          </thead>
          <tbody>
            {props.results.map((r) => (
              <tr key={r.mode} data-testid={`race-${r.mode}`} data-lost={r.lostUpdates}>
                <td>{MODE_LABELS[r.mode]}</td>
                <td>{formatCount(r.expected)}</td>
                <td>{formatCount(r.actual)}</td>
                <td className={r.lostUpdates > 0 ? 'bad' : 'good'}>
                  {formatCount(r.lostUpdates)}
                  {r.expected > 0 && r.lostUpdates > 0
                    ? ` (${formatFraction(r.lostUpdates / r.expected, 1)})`
                    : ''}
                </td>
                <td>{formatDuration(r.elapsedMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
