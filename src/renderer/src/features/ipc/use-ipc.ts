import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  CompareRequest,
  IpcRunRequest,
  PcRequest,
  RaceRequest,
} from '../../../../shared/ipc-requests';
import type {
  CompareResult,
  IpcJobState,
  IpcMechanismInfo,
  IpcRunResult,
  IpcTrafficSample,
  PcQueueSample,
  PcResult,
  RaceResult,
} from '../../../../shared/ipc-results';
import { RUN_LEGEND, useStoreState } from '../../charts/use-frame-task';
import { issuesOf, type FieldIssue } from '../../../../shared/field-issues';
import { useLab, useStream } from '../../hooks/lab';
import { errorText } from '../../lib/issue-text';
import { SeriesStore } from '../../stores/series-store';

/** Traffic ticks kept for the chart: 4 a second for a minute. */
const MAX_TRAFFIC = 240;
/** Queue ticks kept for the chart: 10 a second for a minute. */
const MAX_QUEUE = 600;

/** Everything the IPC tab shows, and what it can do. */
export interface IpcView {
  mechanisms: IpcMechanismInfo[];
  job: IpcJobState['active'];
  /** Ticks of the current (or last) mechanism run, oldest first. */
  traffic: readonly IpcTrafficSample[];
  lastRun: IpcRunResult | null;
  queue: readonly PcQueueSample[];
  lastPc: PcResult | null;
  compare: CompareResult | null;
  race: RaceResult[] | null;
  /** Which call is on its way, if any. */
  pending: 'start' | 'pc' | 'race' | 'compare' | 'stop' | null;
  error: string | null;
  /** The fields the lab refused, and which call it refused (each form marks its own). */
  refused: { kind: NonNullable<IpcView['pending']>; issues: readonly FieldIssue[] } | null;
  start(request: IpcRunRequest): void;
  startProducerConsumer(request: PcRequest): void;
  runRace(request: RaceRequest): void;
  runCompare(request: CompareRequest): void;
  stop(): void;
  dismissError(): void;
}

/** Pushes a run's tick into its store, starting over when a new run's first tick arrives. */
function pushRunTick<T extends { runId: string }>(store: SeriesStore<T>, sample: T): void {
  if (store.items()[0]?.runId !== sample.runId) store.clear();
  store.push(sample);
}

/**
 * Subscribes to the IPC streams and wraps the IPC calls. Traffic and queue ticks go to bounded
 * stores; the views get them as arrays a few times a second at most, in the CPU chart's frames,
 * and only while shown.
 */
export function useIpc(): IpcView {
  const lab = useLab();
  const { t } = useTranslation();
  const [mechanisms, setMechanisms] = useState<IpcMechanismInfo[]>([]);
  const [job, setJob] = useState<IpcJobState['active']>(null);
  const [trafficStore] = useState(() => new SeriesStore<IpcTrafficSample>(MAX_TRAFFIC));
  const [traffic] = useStoreState(trafficStore, () => trafficStore.items(), RUN_LEGEND);
  const [lastRun, setLastRun] = useState<IpcRunResult | null>(null);
  const [queueStore] = useState(() => new SeriesStore<PcQueueSample>(MAX_QUEUE));
  const [queue] = useStoreState(queueStore, () => queueStore.items(), RUN_LEGEND);
  const [lastPc, setLastPc] = useState<PcResult | null>(null);
  const [compare, setCompare] = useState<CompareResult | null>(null);
  const [race, setRace] = useState<RaceResult[] | null>(null);
  const [pending, setPending] = useState<IpcView['pending']>(null);
  const [error, setError] = useState<string | null>(null);
  const [refused, setRefused] = useState<IpcView['refused']>(null);

  useEffect(() => {
    // While a recording is replayed, these answer as of the replay position (after a seek too).
    lab.call('ipc:mechanisms', {}).then(setMechanisms, () => undefined);
    lab.call('ipc:state', {}).then(
      (state) => setJob(state.active),
      () => undefined,
    );
    // The lab keeps finished results, so a reloaded page shows them again. One that streamed in
    // meanwhile is newer and stays.
    lab.call('ipc:results', {}).then(
      (kept) => {
        const newest = <T>(list: readonly T[]) => list.at(-1) ?? null;
        setLastRun((shown) => shown ?? newest(kept.runs));
        setLastPc((shown) => shown ?? newest(kept.producerConsumer));
        setCompare((shown) => shown ?? newest(kept.compares));
        setRace((shown) => shown ?? newest(kept.races));
      },
      () => undefined,
    );
  }, [lab]);

  useStream('ipc:state', (state) => setJob(state.active));
  useStream('ipc:traffic', (sample) => pushRunTick(trafficStore, sample));
  useStream('ipc:queue', (sample) => pushRunTick(queueStore, sample));
  useStream('ipc:result', (event) => {
    if (event.kind === 'run') setLastRun(event.result);
    else if (event.kind === 'producer-consumer') setLastPc(event.result);
    else setCompare(event.result);
  });

  const act = useCallback(
    <T>(
      kind: NonNullable<IpcView['pending']>,
      call: () => Promise<T>,
      done?: (value: T) => void,
    ) => {
      setPending(kind);
      setError(null);
      setRefused(null);
      call().then(
        (value) => {
          setPending(null);
          done?.(value);
        },
        (reason: unknown) => {
          setPending(null);
          setError(errorText(reason, t));
          setRefused({ kind, issues: issuesOf(reason) });
        },
      );
    },
    [t],
  );

  return {
    mechanisms,
    job,
    traffic,
    lastRun,
    queue,
    lastPc,
    compare,
    race,
    pending,
    error,
    refused,
    start: (request) =>
      act(
        'start',
        () => lab.call('ipc:start', request),
        (state) => {
          trafficStore.clear();
          setLastRun(null);
          setJob(state.active);
        },
      ),
    startProducerConsumer: (request) =>
      act(
        'pc',
        () => lab.call('ipc:producer-consumer', request),
        (state) => {
          queueStore.clear();
          setLastPc(null);
          setJob(state.active);
        },
      ),
    runRace: (request) => act('race', () => lab.call('ipc:race', request), setRace),
    runCompare: (request) => {
      setCompare(null);
      act('compare', () => lab.call('ipc:compare', request), setCompare);
    },
    stop: () =>
      act(
        'stop',
        () => lab.call('ipc:stop', {}),
        (state) => setJob(state.active),
      ),
    dismissError: () => {
      setError(null);
      setRefused(null);
    },
  };
}
