import { useEffect, useRef, useState } from 'react';
import type { LabClient } from '../../shared/contract';
import type { ParsedSession } from '../../shared/session-format';
import { ConnectionBanner } from './components/ConnectionBanner';
import { CoreChart } from './components/CoreChart';
import { MachineInfo } from './components/MachineInfo';
import { SamplingControls } from './components/SamplingControls';
import { ExperimentsPanel } from './features/experiments/ExperimentsPanel';
import { IpcTab } from './features/ipc/IpcTab';
import { ProcessesTab } from './features/processes/ProcessesTab';
import { RecordingControls } from './features/recording/RecordingControls';
import { OpenRecording } from './features/replay/OpenRecording';
import { ReplayBar } from './features/replay/ReplayBar';
import { ReplayLabClient } from './features/replay/replay-client';
import { ViewErrorBoundary } from './features/replay/ViewErrorBoundary';
import { LabContext } from './hooks/lab';
import type { LabConnection } from './transport/connect';

/** One tab under the live CPU chart. Features add themselves to TABS. */
interface Tab {
  id: string;
  label: string;
  render: () => React.JSX.Element;
}

const TABS: Tab[] = [
  { id: 'processes', label: 'Processes', render: () => <ProcessesTab /> },
  { id: 'experiments', label: 'Experiments', render: () => <ExperimentsPanel /> },
  { id: 'ipc', label: 'IPC', render: () => <IpcTab /> },
];

/** A recording being replayed instead of the live lab. */
interface Replay {
  client: ReplayLabClient;
  name: string;
}

/**
 * The app shell: header (machine, sampling or replay controls, recording), the CPU chart, then
 * feature tabs. While a recording is replayed, every view gets the replay's LabClient instead
 * of the live one, so live data never mixes into a replay.
 */
export function App({ connection }: { connection: LabConnection }): React.JSX.Element {
  const [replay, setReplay] = useState<Replay | null>(null);
  const [epoch, setEpoch] = useState(0);

  useEffect(() => {
    if (replay === null) return;
    return replay.client.onPosition((position) => setEpoch(position.epoch));
  }, [replay]);
  useEffect(() => () => replay?.client.dispose(), [replay]);

  const openReplay = (session: ParsedSession, name: string): void => {
    const client = new ReplayLabClient(session);
    setReplay({ client, name });
    client.play();
  };
  const client: LabClient = replay?.client ?? connection.client;

  return (
    <LabContext.Provider value={client}>
      <div className={replay ? 'app replaying' : 'app'}>
        <header className="app-header">
          <h1>Concurrency Lab</h1>
          <MachineInfo key={replay ? 'replay' : 'live'} />
          {replay === null && <SamplingControls />}
          <div className="header-actions">
            {replay === null && <RecordingControls />}
            <OpenRecording onOpen={openReplay} onBackToLive={() => setReplay(null)} />
          </div>
        </header>
        {replay !== null && (
          <ReplayBar replay={replay.client} name={replay.name} onExit={() => setReplay(null)} />
        )}
        {replay === null && <ConnectionBanner onConnectionChange={connection.onConnectionChange} />}
        <ViewErrorBoundary
          key={replay ? `replay-${epoch}` : 'live'}
          onBackToLive={() => setReplay(null)}
        >
          <Views onMount={() => replay?.client.replayHistory()} />
        </ViewErrorBoundary>
      </div>
    </LabContext.Provider>
  );
}

/** The CPU chart and the feature tabs; remounted on every replay seek to restart history. */
function Views({ onMount }: { onMount: () => void }): React.JSX.Element {
  const [tabId, setTabId] = useState(TABS[0]?.id);
  const tab = TABS.find((candidate) => candidate.id === tabId);
  // Runs once per mount; children subscribed in their own (earlier) effects, so the replayed
  // history reaches every view.
  const onFirstMount = useRef(onMount);
  useEffect(() => onFirstMount.current(), []);
  return (
    <main>
      <CoreChart />
      {TABS.length > 0 && (
        <nav className="tabs" role="tablist">
          {TABS.map((candidate) => (
            <button
              key={candidate.id}
              role="tab"
              aria-selected={candidate.id === tabId}
              onClick={() => setTabId(candidate.id)}
            >
              {candidate.label}
            </button>
          ))}
        </nav>
      )}
      {tab?.render()}
    </main>
  );
}
