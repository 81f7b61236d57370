import { useState } from 'react';
import { IPC_LIMITS, type RaceRequest, type RaceResult } from '../../../../shared/ipc';
import { count } from './format';

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
        <label className="field">
          Workers W
          <input
            name="race-workers"
            type="number"
            value={workers}
            style={{ width: 60 }}
            onChange={(e) => setWorkers(e.target.value)}
          />
        </label>
        <label className="field">
          Increments each T
          <input
            name="race-iterations"
            type="number"
            value={iterations}
            style={{ width: 110 }}
            onChange={(e) => setIterations(e.target.value)}
          />
        </label>
        <label className="field" title="loop steps between reading and writing the counter">
          Work between read and write
          <input
            name="race-window"
            type="number"
            value={window}
            style={{ width: 70 }}
            onChange={(e) => setWindow(e.target.value)}
          />
        </label>
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
                <td>{count(r.expected)}</td>
                <td>{count(r.actual)}</td>
                <td className={r.lostUpdates > 0 ? 'bad' : 'good'}>
                  {count(r.lostUpdates)}
                  {r.expected > 0 && r.lostUpdates > 0
                    ? ` (${((r.lostUpdates / r.expected) * 100).toFixed(1)} %)`
                    : ''}
                </td>
                <td>{r.elapsedMs.toFixed(0)} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
