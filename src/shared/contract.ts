import { z } from 'zod';
import {
  experimentEventsSchema,
  experimentPythonSchema,
  experimentStartSchema,
  type PythonStatus,
} from './experiment-params';
import type {
  ExperimentEvent,
  ExperimentProgress,
  ExperimentResult,
  ExperimentStarted,
  ExperimentState,
} from './experiment-results';
import {
  compareRequestSchema,
  ipcRunRequestSchema,
  pcRequestSchema,
  raceRequestSchema,
} from './ipc-requests';
import type {
  CompareResult,
  IpcJobState,
  IpcMechanismInfo,
  IpcResultEvent,
  IpcResults,
  IpcTrafficSample,
  PcQueueSample,
  RaceResult,
} from './ipc-results';
import { machineAddSchema, machineIdSchema, type MachinesState } from './machines';
import {
  processAffinitySchema,
  processReniceSchema,
  processSettingsSchema,
  processSignalSchema,
  type ProcessActionResult,
  type ProcessSettings,
} from './process-actions';
import type { RunLanesUpdate } from './run-lanes';
import {
  EXPORT_FORMATS,
  type ExportResult,
  type RecordedSession,
  type RecordingState,
} from './recording';
import {
  TABLE_INTERVAL_MS,
  type ProcessesSample,
  type ProcessSamplingState,
  type SamplingHistory,
  type SystemSample,
  type ThreadsSample,
} from './sampling';
import type { FieldIssue } from './field-issues';
import type { LabMessage } from './lab-messages';
import { checkAgainst } from './validation';

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

/** A process id: what watch and unwatch take. */
const pidParams = z
  .object({
    pid: z
      .number({ error: 'must be a process id (a number)' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: (issue) => `must be a process id ≥ 1 (got ${String(issue.input)})` })
      .max(2 ** 31 - 1, { error: 'is too large to be a process id' }),
  })
  .strict();

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
  'recording:read-last': noParams,
  'processes:get-state': noParams,
  'processes:watch': pidParams,
  'processes:unwatch': pidParams,
  'processes:snapshot': noParams,
  'processes:history': noParams,
  'process:get-settings': processSettingsSchema,
  'process:signal': processSignalSchema,
  'process:renice': processReniceSchema,
  'process:affinity': processAffinitySchema,
  'sampling:set-table-interval': z
    .object({
      intervalMs: z
        .number({ error: 'must be a number of milliseconds' })
        .int({ error: 'must be a whole number of milliseconds' })
        .min(TABLE_INTERVAL_MS.min, {
          error: (issue) =>
            `must be at least ${TABLE_INTERVAL_MS.min} ms (got ${String(issue.input)})`,
        })
        .max(TABLE_INTERVAL_MS.max, {
          error: (issue) =>
            `must be at most ${TABLE_INTERVAL_MS.max / 1000} s (got ${String(issue.input)} ms)`,
        }),
    })
    .strict(),
  'experiment:start': experimentStartSchema,
  'experiment:stop': noParams,
  'experiment:get-state': noParams,
  'experiment:list-results': noParams,
  'experiment:clear-results': noParams,
  'experiment:events': experimentEventsSchema,
  'experiment:python-status': noParams,
  'experiment:set-python': experimentPythonSchema,
  'ipc:mechanisms': noParams,
  'ipc:state': noParams,
  'ipc:start': ipcRunRequestSchema,
  'ipc:producer-consumer': pcRequestSchema,
  'ipc:compare': compareRequestSchema,
  'ipc:race': raceRequestSchema,
  'ipc:stop': noParams,
  'ipc:results': noParams,
  'machine:list': noParams,
  'machine:add': machineAddSchema,
  'machine:remove': machineIdSchema,
  'machine:select': machineIdSchema,
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
  /** The last finished recording's text, to replay it without picking the file. */
  'recording:read-last': RecordedSession;
  'processes:get-state': ProcessSamplingState;
  'processes:watch': ProcessSamplingState;
  'processes:unwatch': ProcessSamplingState;
  'processes:snapshot': ProcessesSample;
  'processes:history': SamplingHistory;
  /** A process's state, nice and CPUs, and whether the lab will act on it. */
  'process:get-settings': ProcessSettings;
  /** Acting on a process of the lab's own user (never the lab itself or its ancestors). */
  'process:signal': ProcessActionResult;
  'process:renice': ProcessActionResult;
  'process:affinity': ProcessActionResult;
  'sampling:set-table-interval': ProcessSamplingState;
  'experiment:start': ExperimentStarted;
  'experiment:stop': { stopped: number };
  'experiment:get-state': ExperimentState;
  'experiment:list-results': ExperimentResult[];
  'experiment:clear-results': { cleared: number };
  'experiment:events': ExperimentEvent[];
  'experiment:python-status': PythonStatus;
  'experiment:set-python': PythonStatus;
  'ipc:mechanisms': IpcMechanismInfo[];
  'ipc:state': IpcJobState;
  /** Starts a mechanism run; traffic arrives on 'ipc:traffic', the outcome on 'ipc:result'. */
  'ipc:start': IpcJobState;
  /** Starts a producer–consumer run; samples on 'ipc:queue', the outcome on 'ipc:result'. */
  'ipc:producer-consumer': IpcJobState;
  /** Resolves when every mechanism was measured (progress also on 'ipc:result'). */
  'ipc:compare': CompareResult;
  'ipc:race': RaceResult[];
  /** Ends the IPC job in progress at once; resolves when its processes are gone. */
  'ipc:stop': IpcJobState;
  /** Every finished IPC result kept since the lab started (a reloaded page shows them again). */
  'ipc:results': IpcResults;
  /** The machines (never their tokens) and the one the views show. */
  'machine:list': MachinesState;
  'machine:add': MachinesState;
  'machine:remove': MachinesState;
  /** Every other call and every stream then goes to the selected machine. */
  'machine:select': MachinesState;
}

/** What each stream pushes. */
export interface StreamPayloads {
  /** Busy % per logical core and in total, one per sampling tick. */
  'sample:cores': CoreSample;
  /** The sampling settings, whenever any view changes them. */
  'sampling:state': SamplingState;
  /** Recording on/off, duration and file size; every second while recording. */
  'recording:state': RecordingState;
  /** Cores split by kind of work, memory, load; at the sampling interval. */
  'sample:system': SystemSample;
  /** Process rows that changed (the whole table every 30th tick); at the table interval. */
  'sample:processes': ProcessesSample;
  /** Threads of every watched process; at the table interval. */
  'sample:threads': ThreadsSample;
  /** Table interval, pause and the watch list, whenever they change. */
  'processes:state': ProcessSamplingState;
  /** Tasks done (in all and per worker) of the running experiment, about 10 times a second. */
  'experiment:progress': ExperimentProgress;
  /** Experiment timeline: run start/stop, worker spawn/exit, notes. */
  'experiment:event': ExperimentEvent;
  /** A finished run (ok, failed, stopped or timed out), with its figures and conclusion. */
  'experiment:result': ExperimentResult;
  /** While a run goes: its threads' and processes' new slices (running, ready, blocked, core). */
  'experiment:lanes': RunLanesUpdate;
  /** What runs, what waits, which Python; whenever it changes. */
  'experiment:state': ExperimentState;
  /** Live IPC traffic (MB/s, msgs/s, latency, correctness) about 4 times a second. */
  'ipc:traffic': IpcTrafficSample;
  /** Producer–consumer queue depth, blocked and idle time, about 10 times a second. */
  'ipc:queue': PcQueueSample;
  /** A finished IPC run or producer–consumer run, or compare progress. */
  'ipc:result': IpcResultEvent;
  /** The IPC job in progress (and its processes), whenever it changes. */
  'ipc:state': IpcJobState;
  /** The machines and their link status, whenever either changes. */
  'machine:state': MachinesState;
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
  'sample:system',
  'sample:processes',
  'sample:threads',
  'processes:state',
  'experiment:progress',
  'experiment:event',
  'experiment:result',
  'experiment:lanes',
  'experiment:state',
  'ipc:traffic',
  'ipc:queue',
  'ipc:result',
  'ipc:state',
  'machine:state',
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

/**
 * The answer to a call as it crosses a transport: a value, or a readable error; `said` is the
 * lab's sentence as a key and values, for the page to word in its language.
 */
export type CallResult<T> =
  { ok: true; value: T } | { ok: false; error: string; issues?: FieldIssue[]; said?: LabMessage };

/** Parses a raw request for a channel; the error names the channel and the offending field. */
export function parseRequest<C extends CallChannel>(
  channel: C,
  raw: unknown,
): CallResult<CallRequest<C>> {
  return checkAgainst(requestSchemas[channel], raw ?? {}, channel) as CallResult<CallRequest<C>>;
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

/** Checks a `sample:cores` payload (recordings are read back through it). */
export const coreSampleSchema: z.ZodType<CoreSample> = z
  .object({
    time: z.number().min(0).max(8.64e15),
    monotonicMs: z.number(),
    elapsedMs: z.number().nonnegative(),
    cores: z.array(z.number().min(0).max(100)),
    total: z.number().min(0).max(100),
  })
  .loose();

/** Checks a `sampling:state` payload. */
export const samplingStateSchema: z.ZodType<SamplingState> = z
  .object({ intervalMs: z.number().positive(), paused: z.boolean() })
  .loose();
