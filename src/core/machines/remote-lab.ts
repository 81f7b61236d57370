import WebSocket, { type RawData } from 'ws';
import { z } from 'zod';
import {
  isStreamChannel,
  type CallChannel,
  type CallResult,
  type StreamChannel,
  type StreamPayloads,
} from '../../shared/contract';
import { isFieldIssues } from '../../shared/field-issues';
import { formatLabMessage, isLabMessage, said, type LabMessage } from '../../shared/lab-messages';
import type { MachineStatus } from '../../shared/machines';
import { STREAM_PAYLOAD_SCHEMAS } from '../../shared/stream-schemas';
import { WS_PATH } from '../../shared/ws-protocol';
import { Backoff } from './backoff';

/** Calls waiting for an answer at once; past this a call fails at once instead of queueing. */
export const MAX_PENDING_CALLS = 256;

/** How long a call waits for its answer (the long IPC comparisons get longer). */
const CALL_TIMEOUT_MS = 60_000;
const LONG_CALL_TIMEOUT_MS = 15 * 60_000;
const LONG_CALLS: readonly CallChannel[] = ['ipc:compare', 'ipc:race'];

/** How long the WebSocket handshake may take before the agent counts as unreachable. */
const HANDSHAKE_TIMEOUT_MS = 5_000;

/** Largest frame taken from an agent (a full process table is the biggest). */
const MAX_AGENT_FRAME_BYTES = 32 * 1024 * 1024;

/** Unsent bytes to the agent above which new calls fail rather than pile up. */
const MAX_UNSENT_BYTES = 1024 * 1024;

const agentFrameSchema = z.union([
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(true), value: z.unknown() }),
  z.object({
    type: z.literal('result'),
    id: z.number().nullable(),
    ok: z.literal(false),
    error: z.string(),
    // Checked by hand below, like the page checks them: a bad one is dropped, not the answer.
    issues: z.unknown().optional(),
    said: z.unknown().optional(),
  }),
  z.object({ type: z.literal('stream'), stream: z.string(), payload: z.unknown() }),
]);

/** Settings of one link to an agent. */
export interface RemoteLabOptions {
  /** `ws://host:port` (the WebSocket path is added). */
  url: string;
  token: string;
  /** Every stream payload the agent pushes (its own machine list excepted). */
  onStream: <S extends StreamChannel>(stream: S, payload: StreamPayloads[S]) => void;
  /** Called whenever `status` or `error` changes. */
  onStatus: () => void;
  /** Reconnect delays (tests shorten them). */
  backoff?: { initialMs: number; maxMs: number };
}

interface Pending {
  resolve: (result: CallResult<unknown>) => void;
  timer: NodeJS.Timeout;
}

/**
 * The backend's link to one agent: a WebSocket client (no Origin header, the token as a bearer
 * token so it is in no URL) that forwards calls by id and receives the agent's streams. When the
 * link drops it reconnects with exponential backoff until closed; calls made meanwhile fail at
 * once with the reason, instead of waiting in a queue.
 */
export class RemoteLab {
  status: MachineStatus = 'connecting';
  /** Why the link is down, as said; null while connected or connecting for the first time. */
  failure: LabMessage | null = null;
  private socket: WebSocket | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly backoff: Backoff;
  private nextId = 1;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: RemoteLabOptions) {
    this.backoff = new Backoff(options.backoff?.initialMs ?? 500, options.backoff?.maxMs ?? 10_000);
    this.connect();
  }

  /** Forwards one call; resolves with the agent's answer or a readable failure, never rejects. */
  call(channel: CallChannel, request: unknown): Promise<CallResult<unknown>> {
    const socket = this.socket;
    if (this.status !== 'connected' || socket === null) {
      const why = this.failure ?? said('stillConnecting');
      return Promise.resolve(failed(channel, said('machineNotConnected', { why })));
    }
    if (this.pending.size >= MAX_PENDING_CALLS || socket.bufferedAmount > MAX_UNSENT_BYTES) {
      return Promise.resolve(failed(channel, said('machineBusy')));
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timeoutMs = LONG_CALLS.includes(channel) ? LONG_CALL_TIMEOUT_MS : CALL_TIMEOUT_MS;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(failed(channel, said('machineNoAnswer', { seconds: timeoutMs / 1000 })));
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      socket.send(JSON.stringify({ type: 'call', id, channel, request: request ?? {} }));
    });
  }

  /** Ends the link for good: no reconnect, waiting calls fail. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.socket?.terminate();
    this.socket = null;
    this.failPending(said('machineRemoved'));
  }

  private connect(): void {
    this.setStatus('connecting', this.failure);
    const socket = new WebSocket(`${this.options.url}${WS_PATH}`, {
      headers: { Authorization: `Bearer ${this.options.token}` },
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      maxPayload: MAX_AGENT_FRAME_BYTES,
      perMessageDeflate: false,
    });
    this.socket = socket;
    let failure: LabMessage | null = null;
    socket.on('open', () => {
      this.backoff.reset();
      this.setStatus('connected', null);
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) this.receive(data.toString());
    });
    socket.on('error', (error: Error) => {
      failure = describeFailure(error);
    });
    socket.on('close', (code: number) => {
      if (this.socket !== socket || this.closed) return;
      this.socket = null;
      const reason = failure ?? said('agentClosed', { code });
      this.failPending(said('machineLost', { reason }));
      this.setStatus('lost', reason);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.connect();
      }, this.backoff.next());
    });
  }

  private receive(text: string): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return;
    }
    const frame = agentFrameSchema.safeParse(json);
    if (!frame.success) return;
    const data = frame.data;
    if (data.type === 'stream') {
      // The agent's own list of machines is its business, not this app's.
      // Checked like a recording's payloads: the views trust what the backend hands them.
      if (!isStreamChannel(data.stream) || data.stream === 'machine:state') return;
      if (STREAM_PAYLOAD_SCHEMAS[data.stream].safeParse(data.payload).success) {
        this.options.onStream(data.stream, data.payload as never);
      }
      return;
    }
    if (data.id === null) return;
    const waiting = this.pending.get(data.id);
    if (waiting === undefined) return;
    this.pending.delete(data.id);
    clearTimeout(waiting.timer);
    if (data.ok) return waiting.resolve({ ok: true, value: data.value });
    const { issues, said } = data;
    waiting.resolve({
      ok: false,
      error: data.error,
      ...(isFieldIssues(issues) && issues.length > 0 && { issues }),
      ...(isLabMessage(said) && { said }),
    });
  }

  private failPending(reason: LabMessage): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.resolve({ ok: false, error: formatLabMessage(reason), said: reason });
      this.pending.delete(id);
    }
  }

  private setStatus(status: MachineStatus, failure: LabMessage | null): void {
    if (this.status === status && this.failure === failure) return;
    this.status = status;
    this.failure = failure;
    this.options.onStatus();
  }
}

/** Why the link is down, in English words; null while connected. */
export function failureText(lab: RemoteLab): string | null {
  return lab.failure === null ? null : formatLabMessage(lab.failure);
}

/** A call that failed on the link itself, named by its channel like the lab's own refusals. */
function failed(channel: CallChannel, reason: LabMessage): CallResult<unknown> {
  return { ok: false, error: `${channel}: ${formatLabMessage(reason)}`, said: reason };
}

/** A failed connection in words a person can act on. */
export function describeFailure(error: Error): LabMessage {
  const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
  if (status === '401') return said('agentRefusedToken');
  if (status === '421') return said('agentRefusedHost');
  if (status === '403') return said('agentRefusedOrigin');
  if (status !== undefined) return said('agentHttp', { status });
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return said('agentUnreachableRefused');
  if (code !== undefined) return said('agentUnreachable', { detail: code });
  if (/handshake/i.test(error.message)) return said('agentUnreachableNoAnswer');
  return said('agentUnreachable', { detail: error.message });
}
