import { useCallback, useEffect, useState } from 'react';
import type {
  CompareRequest,
  CompareResult,
  IpcJobState,
  IpcMechanismInfo,
  IpcRunRequest,
  IpcRunResult,
  IpcTrafficSample,
  PcQueueSample,
  PcRequest,
  PcResult,
  RaceRequest,
  RaceResult,
} from '../../../../shared/ipc';
import { useLab, useStream } from '../../hooks/lab';

/** Traffic ticks kept for the chart: 4 a second for a minute. */
const MAX_TRAFFIC = 240;
/** Queue ticks kept for the chart: 10 a second for a minute. */
const MAX_QUEUE = 600;

/** Everything the IPC tab shows, and what it can do. */
export interface IpcView {
  mechanisms: IpcMechanismInfo[];
  job: IpcJobState['active'];
  /** Ticks of the current (or last) mechanism run, oldest first. */
  traffic: IpcTrafficSample[];
  lastRun: IpcRunResult | null;
  queue: PcQueueSample[];
  lastPc: PcResult | null;
  compare: CompareResult | null;
  race: RaceResult[] | null;
  /** Which call is on its way, if any. */
  pending: 'start' | 'pc' | 'race' | 'compare' | 'stop' | null;
  error: string | null;
  start(request: IpcRunRequest): void;
  startProducerConsumer(request: PcRequest): void;
  runRace(request: RaceRequest): void;
  runCompare(request: CompareRequest): void;
  stop(): void;
  dismissError(): void;
}

const messageOf = (reason: unknown): string =>
  reason instanceof Error ? reason.message : String(reason);

/** Subscribes to the IPC streams and wraps the IPC calls. */
export function useIpc(): IpcView {
  const lab = useLab();
  const [mechanisms, setMechanisms] = useState<IpcMechanismInfo[]>([]);
  const [job, setJob] = useState<IpcJobState['active']>(null);
  const [traffic, setTraffic] = useState<IpcTrafficSample[]>([]);
  const [lastRun, setLastRun] = useState<IpcRunResult | null>(null);
  const [queue, setQueue] = useState<PcQueueSample[]>([]);
  const [lastPc, setLastPc] = useState<PcResult | null>(null);
  const [compare, setCompare] = useState<CompareResult | null>(null);
  const [race, setRace] = useState<RaceResult[] | null>(null);
  const [pending, setPending] = useState<IpcView['pending']>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // Both fail while a recording is replayed; the streams still bring what was recorded.
    lab.call('ipc:mechanisms', {}).then(setMechanisms, () => undefined);
    lab.call('ipc:state', {}).then(
      (state) => setJob(state.active),
      () => undefined,
    );
  }, [lab]);

  useStream('ipc:state', (state) => setJob(state.active));
  useStream('ipc:traffic', (sample) =>
    setTraffic((previous) => {
      const sameRun = previous.length > 0 && previous[0]?.runId === sample.runId;
      return sameRun ? [...previous, sample].slice(-MAX_TRAFFIC) : [sample];
    }),
  );
  useStream('ipc:queue', (sample) =>
    setQueue((previous) => {
      const sameRun = previous.length > 0 && previous[0]?.runId === sample.runId;
      return sameRun ? [...previous, sample].slice(-MAX_QUEUE) : [sample];
    }),
  );
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
      call().then(
        (value) => {
          setPending(null);
          done?.(value);
        },
        (reason: unknown) => {
          setPending(null);
          setError(messageOf(reason));
        },
      );
    },
    [],
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
    start: (request) =>
      act(
        'start',
        () => lab.call('ipc:start', request),
        (state) => {
          setTraffic([]);
          setLastRun(null);
          setJob(state.active);
        },
      ),
    startProducerConsumer: (request) =>
      act(
        'pc',
        () => lab.call('ipc:producer-consumer', request),
        (state) => {
          setQueue([]);
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
    dismissError: () => setError(null),
  };
}
