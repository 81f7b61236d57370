import { useState } from 'react';
import { ConnectionBanner } from './components/ConnectionBanner';
import { CoreChart } from './components/CoreChart';
import { MachineInfo } from './components/MachineInfo';
import { SamplingControls } from './components/SamplingControls';
import type { LabConnection } from './transport/connect';

/** One tab under the live CPU chart. Features add themselves to TABS. */
interface Tab {
  id: string;
  label: string;
  render: () => React.JSX.Element;
}

const TABS: Tab[] = [];

/** The app shell: machine info and sampling controls, the live CPU chart, then feature tabs. */
export function App({
  onConnectionChange,
}: {
  onConnectionChange: LabConnection['onConnectionChange'];
}): React.JSX.Element {
  const [tabId, setTabId] = useState(TABS[0]?.id);
  const tab = TABS.find((candidate) => candidate.id === tabId);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Concurrency Lab</h1>
        <MachineInfo />
        <SamplingControls />
      </header>
      <ConnectionBanner onConnectionChange={onConnectionChange} />
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
    </div>
  );
}
