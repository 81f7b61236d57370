import type { CpuMode, ThreadsSample } from '../../../../shared/sampling';
import { CpuCell, Unavailable } from './Cells';
import { formatPercentOf100, formatRate } from '../../lib/format';
import { stateName } from './state-names';
import { CoreLane, StateLegend, StateStrip } from './StateStrip';
import { threadTimelines } from './thread-history';

/** Props of the thread panel. */
export interface ThreadPanelProps {
  samples: readonly ThreadsSample[];
  processKey: string;
  mode: CpuMode;
  cores: number;
  /** False where the OS gives no per-thread data. */
  threadsReported: boolean;
}

/**
 * The threads of one watched process: one row each with name, state, CPU %, core and its
 * running / ready / blocked split, then a state strip and a core lane over the last minute.
 */
export function ThreadPanel(props: ThreadPanelProps): React.JSX.Element {
  const { samples, processKey, mode, cores, threadsReported } = props;
  const { process, timelines } = threadTimelines(samples, processKey);
  if (process === null) return <p className="hint">Waiting for the first thread sample…</p>;
  if (!threadsReported) {
    return (
      <p className="hint" data-testid="threads-unavailable">
        Threads: <Unavailable /> (this OS gives no per-thread data to an unprivileged monitor)
      </p>
    );
  }
  return (
    <div className="thread-panel" data-testid="thread-panel" data-pid={process.pid}>
      <p className="hint">
        {process.name} ({process.pid}): {process.threadCount ?? 'unknown'} threads
        {process.truncated && `, first ${timelines.length} listed`} · strip and lane: one column per
        table tick, newest on the right
      </p>
      <StateLegend cores={cores} />
      <table className="thread-table">
        <thead>
          <tr>
            <th>TID</th>
            <th>Name</th>
            <th>State</th>
            <th>CPU</th>
            <th>Core</th>
            <th title="share of the last tick: running / ready (waiting for a CPU) / blocked">
              Run / ready / blocked
            </th>
            <th title="times switched onto a CPU per second">Sw/s</th>
            <th>State strip</th>
            <th>Core lane</th>
          </tr>
        </thead>
        <tbody>
          {timelines.map(({ latest, cells }) => (
            <tr key={latest.tid} data-testid="thread-row" data-tid={latest.tid}>
              <td className="num">{latest.tid}</td>
              <td>{latest.name}</td>
              <td title={stateName(latest.state)} className={`state state-${latest.state}`}>
                {latest.state}
              </td>
              <td className="num">
                <CpuCell percent={latest.cpuPercent} mode={mode} cores={cores} />
              </td>
              <td className="num">
                {latest.core === null ? <Unavailable /> : `cpu${latest.core}`}
              </td>
              <td className="num">
                {latest.split === null
                  ? '…'
                  : [latest.split.running, latest.split.ready, latest.split.blocked]
                      .map((percent) => formatPercentOf100(percent))
                      .join(' / ')}
              </td>
              <td className="num">
                {latest.switchesPerSec === null ? '…' : formatRate(latest.switchesPerSec)}
              </td>
              <td>
                <StateStrip cells={cells} />
              </td>
              <td>
                <CoreLane cells={cells} cores={cores} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
