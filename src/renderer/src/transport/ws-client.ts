import type {
  CallChannel,
  CallResponses,
  LabClient,
  StreamChannel,
  StreamPayloads,
} from '../../../shared/contract';
import {
  TOKEN_PARAM,
  WS_PATH,
  type ClientFrame,
  type ServerFrame,
} from '../../../shared/ws-protocol';
import { RequestError } from '../../../shared/field-issues';
import { StreamListeners } from './stream-listeners';

/**
 * Whether the page currently has a live connection to the lab. 'refused': the server turned
 * the page's token down (a stale link, or a server restarted with a new token): retrying
 * cannot help, so the client stops.
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';

/** How long a call waits for the connection before failing. */
const CONNECT_WAIT_MS = 5_000;

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/**
 * Serve mode's LabClient: one WebSocket to the page's own origin, authenticated by the token
 * in the page URL. Reconnects with backoff; calls made while disconnected fail with a clear
 * message instead of hanging.
 */
export class WebSocketLabClient implements LabClient {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private retryMs = 250;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new StreamListeners();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState = 'connecting';
  /** The same path and token over HTTP: how the page learns why a handshake failed. */
  private readonly probeUrl: string;

  constructor(private readonly url: string) {
    this.probeUrl = url.replace(/^ws/, 'http');
    this.connect();
  }

  /** Builds the client from the page's location (serve mode puts the token in the URL). */
  static fromLocation(location: Location): WebSocketLabClient {
    const token = new URLSearchParams(location.search).get(TOKEN_PARAM) ?? '';
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return new WebSocketLabClient(
      `${scheme}//${location.host}${WS_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`,
    );
  }

  /** Calls `listener` whenever the connection opens or drops; returns the unsubscriber. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  async call<C extends CallChannel>(channel: C, request: unknown): Promise<CallResponses[C]> {
    const socket = await this.openSocket(channel);
    const id = this.nextId++;
    const frame: ClientFrame = { type: 'call', id, channel, request };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      socket.send(JSON.stringify(frame));
    });
  }

  /** The open socket; waits briefly for a (re)connection rather than failing at once. */
  private openSocket(channel: string): Promise<WebSocket> {
    const socket = this.socket;
    if (socket !== null && socket.readyState === WebSocket.OPEN) return Promise.resolve(socket);
    const refused = new Error(`${channel}: this page's link is not valid any more`);
    if (this.state === 'refused') return Promise.reject(refused);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`${channel}: not connected to the lab backend`));
      }, CONNECT_WAIT_MS);
      const stop = this.onConnectionChange((state) => {
        if (state === 'refused') {
          clearTimeout(timer);
          queueMicrotask(stop);
          reject(refused);
        }
        if (state !== 'open' || this.socket === null) return;
        clearTimeout(timer);
        queueMicrotask(stop);
        resolve(this.socket);
      });
    });
  }

  subscribe<S extends StreamChannel>(
    stream: S,
    listener: (payload: StreamPayloads[S]) => void,
  ): () => void {
    return this.listeners.add(stream, listener);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retryMs = 250;
      this.setState('open');
    });
    socket.addEventListener('message', (event) => this.receive(String(event.data)));
    socket.addEventListener('close', () => {
      this.socket = null;
      this.setState('closed');
      for (const pending of this.pending.values())
        pending.reject(new Error('connection to the lab was lost'));
      this.pending.clear();
      void this.retryUnlessRefused();
    });
  }

  /**
   * Reconnects with backoff, unless the server refuses the token. A browser never shows a page
   * the HTTP status of a failed handshake, so the client asks the same URL over plain HTTP,
   * which the server answers 401 for a bad token; no answer means the server is down: retry.
   */
  private async retryUnlessRefused(): Promise<void> {
    const refused = await fetch(this.probeUrl, { cache: 'no-store' }).then(
      (response) => response.status === 401,
      () => false,
    );
    if (refused) return this.setState('refused');
    setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 5_000);
  }

  private receive(text: string): void {
    const frame = JSON.parse(text) as ServerFrame;
    if (frame.type === 'stream') {
      this.listeners.emit(frame.stream, frame.payload);
      return;
    }
    // id null: the server could not tell which frame it rejected (this client never sends one).
    if (frame.id === null) return;
    const pending = this.pending.get(frame.id);
    if (pending === undefined) return;
    this.pending.delete(frame.id);
    if (frame.ok) pending.resolve(frame.value);
    else {
      const issues = 'issues' in frame ? frame.issues : undefined;
      pending.reject(
        RequestError.of(frame.error, issues, 'said' in frame ? frame.said : undefined),
      );
    }
  }
}
