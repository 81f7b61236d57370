import {
  isCallChannel,
  parseRequest,
  type CallChannel,
  type CallRequest,
  type CallResult,
  type SamplingState,
  type StreamChannel,
  type StreamPayloads,
} from '../shared/contract';
import { issuesOf } from '../shared/field-issues';
import { clipLabMessage, LabError } from '../shared/lab-messages';
import {
  createExperimentsFeature,
  type ExperimentsFeatureOptions,
} from './experiments/lab/experiments-feature';
import type { CallHandler, CallHandlers, LabFeature, StreamEmitter } from './feature';
import { createIpcFeature } from './ipc/lab/ipc-feature';
import { createProcessActionsFeature } from './processes/process-actions-feature';
import {
  createMachinesFeature,
  type MachinesFeature,
  type MachinesOptions,
} from './machines/machines-feature';
import { createRecordingFeature, type RecordingFeature } from './recording/recording-feature';
import { defaultRecordingsDir } from './recording/recordings-dir';
import { createSamplingFeature } from './sampling/sampling-feature';
import { createSystemInfoFeature } from './system-info';
import { TrackedProcesses } from './tracked-processes';

/** Settings of a LabService. */
export interface LabServiceOptions {
  /** Where `recording:start` writes session files (default: the user's data folder). */
  recordingsDir?: string;
  /** Settings of the experiments (tests give a machine's free memory here). */
  experiments?: ExperimentsFeatureOptions;
  /** The saved agents' file and reconnect delays (tests use a temp folder). */
  machines?: MachinesOptions;
}

/** Receives every stream payload the lab pushes. */
export type StreamListener = <S extends StreamChannel>(
  stream: S,
  payload: StreamPayloads[S],
) => void;

/**
 * The lab: implements every call of the contract and pushes its streams. Transports (Electron
 * IPC, WebSocket) hand it raw requests through `call`, which validates them first.
 */
export class LabService {
  /** The views: they get the selected machine's streams. */
  private readonly listeners = new Set<StreamListener>();
  /** This machine's own streams, whichever machine the views watch (recording, metrics). */
  private readonly localListeners = new Set<StreamListener>();
  private readonly machines: MachinesFeature;
  private readonly features: LabFeature<CallChannel>[];
  private readonly handlers: CallHandlers;
  private started = false;
  /** Processes the lab started (experiments, IPC peers): highlighted and watched by the sampler. */
  readonly tracked = new TrackedProcesses();

  /** Recording, also driven directly by the CLI (`concurrency-lab record --out FILE`). */
  readonly recording: RecordingFeature;

  constructor(options: LabServiceOptions = {}) {
    const toViews: StreamEmitter = (stream, payload) => {
      for (const listener of this.listeners) listener(stream, payload);
    };
    const machines = createMachinesFeature(toViews, options.machines);
    this.machines = machines;
    // Local sampling keeps running while an agent is watched (recording, /metrics use it); only
    // its delivery to the views stops, so they never mix two machines' data.
    const emit: StreamEmitter = (stream, payload) => {
      for (const listener of this.localListeners) listener(stream, payload);
      if (machines.selectedRemote() === null) toViews(stream, payload);
    };
    const systemInfo = createSystemInfoFeature();
    const sampling = createSamplingFeature(emit, this.tracked);
    const recording = createRecordingFeature({
      emit,
      subscribe: (listener) => this.onLocalStream(listener),
      systemInfo: async () => systemInfo.handlers['system:info']({}),
      samplingState: () => sampling.handlers['sampling:get-state']({}) as SamplingState,
      // The process table, and what the experiment and IPC views show at once (which Python,
      // what runs), so a replay has them from its start.
      snapshots: async () => [
        ...sampling.snapshots(),
        {
          stream: 'experiment:state',
          payload: await experiments.handlers['experiment:get-state']({}),
        },
        { stream: 'ipc:state', payload: await ipc.handlers['ipc:state']({}) },
      ],
      ipcMechanisms: async () => ipc.handlers['ipc:mechanisms']({}),
      directory: options.recordingsDir ?? defaultRecordingsDir(),
    });
    this.recording = recording;
    const experiments = createExperimentsFeature(emit, this.tracked, {
      ...options.experiments,
      pageProcessIds: () => this.pageProcessIds(),
    });
    const ipc = createIpcFeature(emit, this.tracked, {
      python: () => experiments.lab.pythonStatus(),
    });
    const processActions = createProcessActionsFeature({
      pageProcessIds: () => this.pageProcessIds(),
    });
    // Listing the features' handlers here makes a missing channel a compile error.
    this.handlers = {
      ...systemInfo.handlers,
      ...sampling.handlers,
      ...recording.handlers,
      ...experiments.handlers,
      ...ipc.handlers,
      ...processActions.handlers,
      ...machines.handlers,
    };
    this.features = [
      systemInfo,
      sampling,
      recording,
      experiments,
      ipc,
      processActions,
      machines,
    ] as LabFeature<CallChannel>[];
  }

  /** The page's renderer processes, for the lab's own cost in results; set by the shell. */
  pageProcessIds: () => number[] = () => [];

  /** Starts background work (sampling). Idempotent. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const feature of this.features) feature.start?.();
  }

  /** Stops everything started: loops, children, servers, files. */
  async dispose(): Promise<void> {
    this.started = false;
    this.listeners.clear();
    this.localListeners.clear();
    await Promise.all(this.features.map((feature) => feature.dispose?.()));
  }

  /** Listens to every stream the views show (the selected machine's); returns the unsubscriber. */
  onStream(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Listens to this machine's own streams, whichever machine is selected. */
  onLocalStream(listener: StreamListener): () => void {
    this.localListeners.add(listener);
    return () => this.localListeners.delete(listener);
  }

  /** Validates a raw request from a transport and runs its handler; never throws. */
  async call(channel: unknown, rawRequest: unknown): Promise<CallResult<unknown>> {
    if (!isCallChannel(channel)) {
      return { ok: false, error: `unknown channel: ${JSON.stringify(channel)}` };
    }
    const request = parseRequest(channel, rawRequest);
    if (!request.ok) return request;
    // Watching an agent: everything but the machine list runs there (validated here first).
    const remote = channel.startsWith('machine:') ? null : this.machines.selectedRemote();
    if (remote !== null) return remote.call(channel, request.value);
    return this.callLocal(channel, request.value);
  }

  /** Runs a validated request on this machine's lab, whichever machine is selected. */
  async callLocal<C extends CallChannel>(
    channel: C,
    request: CallRequest<C>,
  ): Promise<CallResult<unknown>> {
    try {
      const handler = this.handlers[channel] as CallHandler<C>;
      return { ok: true, value: await handler(request) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Handlers quote what they were given; a huge input must not come back whole.
      const clipped = message.length > 300 ? `${message.slice(0, 299)}…` : message;
      // A handler's own schema check (parseOrThrow) names fields the views can mark.
      const issues = issuesOf(error);
      // The lab's own sentence as key and values, its text values clipped the same way.
      const said = error instanceof LabError ? clipLabMessage(error.said) : undefined;
      return {
        ok: false,
        error: `${channel}: ${clipped}`,
        ...(issues.length > 0 && { issues: [...issues] }),
        ...(said !== undefined && { said }),
      };
    }
  }
}
