import { useTranslation } from 'react-i18next';
import { frozenWhileHidden } from '../../hooks/frozen-while-hidden';
import { useReplaying } from '../../hooks/replaying';
import { ReplayDisabledNote } from '../replay/ReplayDisabledNote';
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
  const { t } = useTranslation();
  const replaying = useReplaying();
  // While replaying, a recorded job shows as running, but nothing can be started or stopped.
  const running = view.job !== null && !replaying;
  const busy = view.pending !== null || replaying;
  return (
    <div className="ipc-tab" data-testid="ipc-tab" data-job={view.job?.kind ?? 'none'}>
      {view.error !== null && (
        <p className="error ipc-error" role="alert" data-testid="ipc-error">
          {view.error}{' '}
          <button type="button" onClick={view.dismissError}>
            {t('ipc.tab.dismiss')}
          </button>
        </p>
      )}
      <ReplayDisabledNote />
      <section className="panel ipc-section">
        <header className="panel-header">
          <h2>{t('ipc.tab.heading')}</h2>
          <span className="hint">
            {view.job
              ? t('ipc.tab.running', {
                  kind: t(`ipc.tab.jobKinds.${view.job.kind}`),
                  n: view.job.pids.length,
                  pids: view.job.pids.join(', '),
                })
              : t('ipc.tab.idle')}
          </span>
        </header>
        <RunForm
          mechanisms={view.mechanisms}
          running={running}
          busy={busy}
          onStart={view.start}
          onStop={view.stop}
          issues={view.refused?.kind === 'start' ? view.refused.issues : []}
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
        busy={busy}
        onStart={view.startProducerConsumer}
        mechanisms={view.mechanisms}
      />
      <RaceView
        results={view.race}
        busy={view.pending === 'race'}
        blocked={replaying || (running && view.job?.kind !== 'race')}
        onRun={view.runRace}
        mechanisms={view.mechanisms}
      />
      <CompareView
        result={view.compare}
        running={replaying || (running && view.job?.kind !== 'compare')}
        busy={view.pending === 'compare'}
        onRun={view.runCompare}
      />
    </div>
  );
});
