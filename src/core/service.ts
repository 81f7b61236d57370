import {
  isCallChannel,
  parseRequest,
  type CallChannel,
  type CallResult,
  type SamplingState,
  type StreamChannel,
  type StreamPayloads,
} from '../shared/contract';
import {
  createExperimentsFeature,
  type ExperimentsFeatureOptions,
} from './experiments/lab/experiments-feature';
import type { CallHandler, CallHandlers, LabFeature, StreamEmitter } from './feature';
import { createIpcFeature } from './ipc/lab/ipc-feature';
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
  private readonly listeners = new Set<StreamListener>();
  private readonly features: LabFeature<CallChannel>[];
  private readonly handlers: CallHandlers;
  private started = false;
  /** Processes the lab started (experiments, IPC peers): highlighted and watched by the sampler. */
  readonly tracked = new TrackedProcesses();

  /** Recording, also driven directly by the CLI (`concurrency-lab record --out FILE`). */
  readonly recording: RecordingFeature;

  constructor(options: LabServiceOptions = {}) {
    const emit: StreamEmitter = (stream, payload) => {
      for (const listener of this.listeners) listener(stream, payload);
    };
    const systemInfo = createSystemInfoFeature();
    const sampling = createSamplingFeature(emit, this.tracked);
    const recording = createRecordingFeature({
      emit,
      subscribe: (listener) => this.onStream(listener),
      systemInfo: async () => systemInfo.handlers['system:info']({}),
      samplingState: () => sampling.handlers['sampling:get-state']({}) as SamplingState,
      snapshots: async () => sampling.snapshots(),
      directory: options.recordingsDir ?? defaultRecordingsDir(),
    });
    this.recording = recording;
    const experiments = createExperimentsFeature(emit, this.tracked, options.experiments);
    const ipc = createIpcFeature(emit, this.tracked);
    // Listing the features' handlers here makes a missing channel a compile error.
    this.handlers = {
      ...systemInfo.handlers,
      ...sampling.handlers,
      ...recording.handlers,
      ...experiments.handlers,
      ...ipc.handlers,
    };
    this.features = [
      systemInfo,
      sampling,
      recording,
      experiments,
      ipc,
    ] as LabFeature<CallChannel>[];
  }

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
    await Promise.all(this.features.map((feature) => feature.dispose?.()));
  }

  /** Listens to every stream; returns the function that stops listening. */
  onStream(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Validates a raw request from a transport and runs its handler; never throws. */
  async call(channel: unknown, rawRequest: unknown): Promise<CallResult<unknown>> {
    if (!isCallChannel(channel)) {
      return { ok: false, error: `unknown channel: ${JSON.stringify(channel)}` };
    }
    const request = parseRequest(channel, rawRequest);
    if (!request.ok) return request;
    try {
      const handler = this.handlers[channel] as CallHandler<typeof channel>;
      return { ok: true, value: await handler(request.value as never) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // Handlers quote what they were given; a huge input must not come back whole.
      const clipped = message.length > 300 ? `${message.slice(0, 299)}…` : message;
      return { ok: false, error: `${channel}: ${clipped}` };
    }
  }
}
