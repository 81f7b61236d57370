import { frozenWhileHidden } from '../../hooks/frozen-while-hidden';
import { useTabVisible } from '../../hooks/tab-visibility';
import { CompareView } from './MechanismCompareView';
import { ProducerConsumerView } from './ProducerConsumerView';
import { RaceView } from './RaceView';
import { RunForm } from './RunForm';
import { TrafficView } from './TrafficView';
import { useIpc, type IpcView } from './use-ipc';
import './ipc.css';

/**
 * The IPC tab: run one mechanism and watch its traffic, latency and correctness; the
 * producer–consumer queue; the race demo; every mechanism against its same-run baseline.
 */
export function IpcTab(): React.JSX.Element {
  const visible = useTabVisible();
  return <IpcContent visible={visible} view={useIpc()} />;
}

/** The tab's content; while the tab is hidden, traffic and queue ticks re-render none of it. */
const IpcContent = frozenWhileHidden(function IpcContent(props: {
  visible: boolean;
  view: IpcView;
}): React.JSX.Element {
  const { view } = props;
  const running = view.job !== null;
  return (
    <div className="ipc-tab" data-testid="ipc-tab" data-job={view.job?.kind ?? 'none'}>
      {view.error !== null && (
        <p className="error ipc-error" role="alert" data-testid="ipc-error">
          {view.error}{' '}
          <button type="button" onClick={view.dismissError}>
            dismiss
          </button>
        </p>
      )}
      <section className="panel ipc-section">
        <header className="panel-header">
          <h2>IPC mechanisms</h2>
          <span className="hint">
            {view.job
              ? `running a ${view.job.kind} in ${view.job.pids.length} process(es): ${view.job.pids.join(', ')} — highlighted in the process view`
              : 'each run has its own runner process; peers are child processes or worker threads'}
          </span>
        </header>
        <RunForm
          mechanisms={view.mechanisms}
          running={running}
          busy={view.pending !== null}
          onStart={view.start}
          onStop={view.stop}
        />
        <TrafficView
          samples={view.traffic}
          result={view.lastRun}
          starting={view.pending === 'start'}
        />
      </section>
      <ProducerConsumerView
        samples={view.queue}
        result={view.lastPc}
        running={running}
        busy={view.pending !== null}
        onStart={view.startProducerConsumer}
        mechanisms={view.mechanisms}
      />
      <RaceView
        results={view.race}
        busy={view.pending === 'race'}
        blocked={running && view.job?.kind !== 'race'}
        onRun={view.runRace}
        mechanisms={view.mechanisms}
      />
      <CompareView
        result={view.compare}
        running={running && view.job?.kind !== 'compare'}
        busy={view.pending === 'compare'}
        onRun={view.runCompare}
      />
    </div>
  );
});
