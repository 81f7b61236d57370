import { z } from 'zod';
import { EXPORT_FORMATS, type ExportResult, type RecordingState } from './recording';
import { describeIssues } from './validation';

/**
 * The contract between the lab (src/core) and its views: every channel, by name, in one place.
 * - Calls are request/response and return a Promise; every request has a schema, and both
 *   transports (Electron IPC, WebSocket) parse requests with it before a handler sees them.
 * - Streams are pushed from the lab to every view.
 * Feature-specific payload types live beside this file (e.g. ./sampling.ts) and are named here.
 */

/** Lower and upper bounds of the sampling interval, in milliseconds. */
export const SAMPLING_INTERVAL_MS = { min: 100, max: 10_000, default: 500 } as const;

const noParams = z.object({}).strict();

/** Request schemas, one per call channel. Adding a call starts here. */
export const requestSchemas = {
  'system:info': noParams,
  'sampling:get-state': noParams,
  'sampling:set-interval': z
    .object({
      intervalMs: z
        .number({ error: 'must be a number of milliseconds' })
        .int({ error: 'must be a whole number of milliseconds' })
        .min(SAMPLING_INTERVAL_MS.min, {
          error: (issue) =>
            `must be at least ${SAMPLING_INTERVAL_MS.min} ms (got ${String(issue.input)})`,
        })
        .max(SAMPLING_INTERVAL_MS.max, {
          error: (issue) =>
            `must be at most ${SAMPLING_INTERVAL_MS.max / 1000} s (got ${String(issue.input)} ms)`,
        }),
    })
    .strict(),
  'sampling:pause': noParams,
  'sampling:resume': noParams,
  'recording:start': noParams,
  'recording:stop': noParams,
  'recording:get-state': noParams,
  'recording:export': z
    .object({
      format: z.enum(EXPORT_FORMATS, {
        error: (issue) =>
          `must be one of ${EXPORT_FORMATS.join(', ')} (got ${JSON.stringify(issue.input)})`,
      }),
    })
    .strict(),
} as const;

/** Every call channel's name. */
export type CallChannel = keyof typeof requestSchemas;

/** The validated request of a call channel. */
export type CallRequest<C extends CallChannel> = z.infer<(typeof requestSchemas)[C]>;

/** What each call resolves to. */
export interface CallResponses {
  'system:info': SystemInfo;
  'sampling:get-state': SamplingState;
  'sampling:set-interval': SamplingState;
  'sampling:pause': SamplingState;
  'sampling:resume': SamplingState;
  'recording:start': RecordingState;
  'recording:stop': RecordingState;
  'recording:get-state': RecordingState;
  'recording:export': ExportResult;
}

/** What each stream pushes. */
export interface StreamPayloads {
  /** Busy % per logical core and in total, one per sampling tick. */
  'sample:cores': CoreSample;
  /** The sampling settings, whenever any view changes them. */
  'sampling:state': SamplingState;
  /** Recording on/off, duration and file size; every second while recording. */
  'recording:state': RecordingState;
}

/** Every stream channel's name. */
export type StreamChannel = keyof StreamPayloads;

/** Every call channel, as a runtime list (preload and server check names against it). */
export const CALL_CHANNELS = Object.keys(requestSchemas) as CallChannel[];

/** Every stream channel, as a runtime list. */
export const STREAM_CHANNELS = [
  'sample:cores',
  'sampling:state',
  'recording:state',
] as const satisfies readonly StreamChannel[];

// Compile-time check: the list above names every stream in StreamPayloads, and only those.
type MissingStreams = Exclude<StreamChannel, (typeof STREAM_CHANNELS)[number]>;
const everyStreamListed: MissingStreams extends never ? true : MissingStreams = true;
void everyStreamListed;

/** True for a known call channel name. */
export function isCallChannel(name: unknown): name is CallChannel {
  return typeof name === 'string' && Object.hasOwn(requestSchemas, name);
}

/** True for a known stream channel name. */
export function isStreamChannel(name: unknown): name is StreamChannel {
  return typeof name === 'string' && (STREAM_CHANNELS as readonly string[]).includes(name);
}

/** The answer to a call as it crosses a transport: a value, or a readable error. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses a raw request for a channel; the error names the channel and the offending field. */
export function parseRequest<C extends CallChannel>(
  channel: C,
  raw: unknown,
): CallResult<CallRequest<C>> {
  const parsed = requestSchemas[channel].safeParse(raw ?? {});
  if (parsed.success) return { ok: true, value: parsed.data as CallRequest<C> };
  return { ok: false, error: `${channel}: ${describeIssues(parsed.error)}` };
}

/** The one client interface every view talks to; each transport provides one. */
export interface LabClient {
  /** Calls the lab; rejects with an Error whose message is readable by a person. */
  call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<CallResponses[C]>;
  /** Listens to a stream; returns the function that stops listening. */
  subscribe<S extends StreamChannel>(
    stream: S,
    listener: (payload: StreamPayloads[S]) => void,
  ): () => void;
}

/** Machine facts, read once at start-up. */
export interface SystemInfo {
  cpuModel: string;
  logicalCores: number;
  physicalCores: number | null;
  os: string;
  platform: string;
  arch: string;
  totalMemoryBytes: number;
  hostname: string;
}

/** Sampling settings shared by every view. */
export interface SamplingState {
  intervalMs: number;
  paused: boolean;
}

/** One tick of per-core CPU use. Busy % per core: 100 = that core fully busy. */
export interface CoreSample {
  /** Wall-clock time of the tick, ms since the epoch (for axes and recordings). */
  time: number;
  /** Monotonic time of the tick, ms (for rates; never jumps with clock changes). */
  monotonicMs: number;
  /** Monotonic time since the previous tick, ms. */
  elapsedMs: number;
  /** Busy % per logical core, 0..100. */
  cores: number[];
  /** Busy % of the whole machine, 0..100 (the mean over cores). */
  total: number;
}
