import type {
  CallChannel,
  CallRequest,
  CallResponses,
  StreamChannel,
  StreamPayloads,
} from '../shared/contract';

/** Handles one call channel with an already validated request. */
export type CallHandler<C extends CallChannel> = (
  request: CallRequest<C>,
) => Promise<CallResponses[C]> | CallResponses[C];

/** Handlers for a set of call channels. */
export type CallHandlers<C extends CallChannel = CallChannel> = { [K in C]: CallHandler<K> };

/** Pushes one payload on a stream to every listening view. */
export type StreamEmitter = <S extends StreamChannel>(
  stream: S,
  payload: StreamPayloads[S],
) => void;

/**
 * One area of the lab (system info, sampling, experiments, IPC, recording): the calls it
 * answers and its lifecycle. LabService composes features; features never know a transport.
 */
export interface LabFeature<C extends CallChannel> {
  handlers: CallHandlers<C>;
  /** Starts background work (sampling loops); called once by LabService.start(). */
  start?(): void;
  /** Stops everything the feature started: timers, children, files. */
  dispose?(): Promise<void> | void;
}
