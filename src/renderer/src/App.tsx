import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LabClient } from '../../shared/contract';
import type { ParsedSession } from '../../shared/session-format';
import { ConnectionBanner } from './components/ConnectionBanner';
import { CoreChart } from './components/CoreChart';
import { LanguageSwitcher } from './components/LanguageSwitcher';
import { MachineInfo } from './components/MachineInfo';
import { MachineSwitcher, useMachines, WatchingLine } from './components/MachineSwitcher';
import { SamplingControls } from './components/SamplingControls';
import { ShortcutsOverlay } from './components/ShortcutsOverlay';
import { ThemeToggle } from './components/ThemeToggle';
import { RecordingControls } from './features/recording/RecordingControls';
import { OpenRecording } from './features/replay/OpenRecording';
import { ReplayBar } from './features/replay/ReplayBar';
import { ReplayLabClient } from './features/replay/replay-client';
import { ViewErrorBoundary } from './features/replay/ViewErrorBoundary';
import { onShowMeTab } from './features/notes/show-me';
import type { ShowMeTarget } from './features/notes/topics';
import { LabContext } from './hooks/lab';
import { ReplayingContext } from './hooks/replaying';
import { TabVisibleContext } from './hooks/tab-visibility';
import type { LabConnection } from './transport/connect';

/** One tab under the live CPU chart. Features add themselves to TABS. */
interface Tab {
  id: ShowMeTarget['tab'];
  /** Loaded on first open: each tab is its own chunk, so the first paint needs none of them. */
  View: React.LazyExoticComponent<() => React.JSX.Element>;
}

const TABS: Tab[] = [
  {
    id: 'processes',
    View: lazy(() =>
      import('./features/processes/ProcessesTab').then((m) => ({ default: m.ProcessesTab })),
    ),
  },
  {
    id: 'experiments',
    View: lazy(() =>
      import('./features/experiments/ExperimentsPanel').then((m) => ({
        default: m.ExperimentsPanel,
      })),
    ),
  },
  {
    id: 'ipc',
    View: lazy(() => import('./features/ipc/IpcTab').then((m) => ({ default: m.IpcTab }))),
  },
];

/** The concept notes' panel, loaded when first opened. */
const ConceptNotes = lazy(() =>
  import('./features/notes/ConceptNotes').then((m) => ({ default: m.ConceptNotes })),
);

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
  // Kept here, not in Views, so a replay seek (which remounts Views) keeps the shown tab.
  const [tabId, setTabId] = useState<string>(TABS[0]?.id ?? '');
  const [notesOpen, setNotesOpen] = useState(false);
  const { t } = useTranslation();
  useEffect(() => onShowMeTab(setTabId), []);

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
  // Views remount when the watched machine changes, so no chart mixes two machines' data.
  const machines = useMachines(connection.client);
  const live = `live-${machines?.selectedId ?? 'local'}`;
  const lost =
    replay === null &&
    machines?.machines.some(
      (machine) => machine.id === machines.selectedId && machine.status === 'lost',
    );

  return (
    <LabContext.Provider value={client}>
      <ReplayingContext.Provider value={replay !== null}>
        <div className={replay ? 'app replaying' : lost ? 'app machine-lost' : 'app'}>
          <header className="app-header">
            <h1>{t('app.title')}</h1>
            <MachineInfo key={replay ? 'replay' : `info-${live}`} />
            {replay === null && <SamplingControls key={`sampling-${live}`} />}
            <div className="header-actions">
              {replay === null && <MachineSwitcher client={connection.client} state={machines} />}
              {replay === null && <RecordingControls key={live} onReplay={openReplay} />}
              <OpenRecording onOpen={openReplay} onBackToLive={() => setReplay(null)} />
              <button
                type="button"
                aria-expanded={notesOpen}
                data-testid="concept-notes-toggle"
                onClick={() => setNotesOpen((open) => !open)}
              >
                {t('notes.open')}
              </button>
              <LanguageSwitcher />
              <ThemeToggle />
            </div>
          </header>
          {replay !== null && (
            <ReplayBar replay={replay.client} name={replay.name} onExit={() => setReplay(null)} />
          )}
          {replay === null && <WatchingLine state={machines} />}
          {replay === null && (
            <ConnectionBanner onConnectionChange={connection.onConnectionChange} />
          )}
          <ShortcutsOverlay />
          <ViewErrorBoundary
            key={replay ? `replay-${epoch}` : live}
            onBackToLive={() => setReplay(null)}
          >
            <Views tabId={tabId} onTab={setTabId} onMount={() => replay?.client.replayHistory()} />
          </ViewErrorBoundary>
          {notesOpen && (
            <Suspense fallback={null}>
              <ConceptNotes tab={tabId} onClose={() => setNotesOpen(false)} />
            </Suspense>
          )}
        </div>
      </ReplayingContext.Provider>
    </LabContext.Provider>
  );
}

/**
 * The CPU chart and the feature tabs; remounted on every replay seek to restart history. A tab
 * stays mounted once opened, so its forms, table settings and results survive switching away;
 * hidden ones are told so through TabVisibleContext and stop drawing.
 */
function Views(props: {
  tabId: string;
  onTab: (id: string) => void;
  onMount: () => void;
}): React.JSX.Element {
  const { tabId, onTab } = props;
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set([tabId]));
  const prefix = useId();
  const { t } = useTranslation();
  // A tab chosen from outside (a note's "Show me") is opened like a clicked one: adjusted while
  // rendering, so it mounts in this very render rather than after an extra one.
  if (!opened.has(tabId)) setOpened(new Set(opened).add(tabId));
  // Runs once per mount; children subscribed in their own (earlier) effects, so the replayed
  // history reaches every view.
  const onFirstMount = useRef(props.onMount);
  useEffect(() => onFirstMount.current(), []);

  const show = (id: string, focus: boolean): void => {
    setOpened((previous) => (previous.has(id) ? previous : new Set(previous).add(id)));
    onTab(id);
    if (focus) document.getElementById(`${prefix}-tab-${id}`)?.focus();
  };
  const onKeyDown = (event: React.KeyboardEvent): void => {
    const index = TABS.findIndex((tab) => tab.id === tabId);
    const target = {
      ArrowRight: (index + 1) % TABS.length,
      ArrowLeft: (index - 1 + TABS.length) % TABS.length,
      Home: 0,
      End: TABS.length - 1,
    }[event.key];
    const tab = target === undefined ? undefined : TABS[target];
    if (tab === undefined) return;
    event.preventDefault();
    show(tab.id, true);
  };

  return (
    <main>
      <CoreChart />
      {TABS.length > 0 && (
        <nav className="tabs" role="tablist" aria-label={t('app.views')} onKeyDown={onKeyDown}>
          {TABS.map((tab) => (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={`${prefix}-tab-${tab.id}`}
              aria-controls={`${prefix}-panel-${tab.id}`}
              aria-selected={tab.id === tabId}
              tabIndex={tab.id === tabId ? 0 : -1}
              onClick={() => show(tab.id, false)}
            >
              {t(`tabs.${tab.id}`)}
            </button>
          ))}
        </nav>
      )}
      {TABS.map(({ id, View }) => (
        <div
          key={id}
          className="tab-panel"
          role="tabpanel"
          id={`${prefix}-panel-${id}`}
          aria-labelledby={`${prefix}-tab-${id}`}
          hidden={id !== tabId}
        >
          {opened.has(id) && (
            <TabVisibleContext.Provider value={id === tabId}>
              <Suspense fallback={<p className="hint">{t('app.loadingView')}</p>}>
                <View />
              </Suspense>
            </TabVisibleContext.Provider>
          )}
        </div>
      ))}
    </main>
  );
}
