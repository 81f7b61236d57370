import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createLabMetrics } from '../core/metrics/lab-metrics';
import type { LabService } from '../core/service';
import { MAX_CLIENT_FRAME_BYTES, TOKEN_PARAM, WS_PATH } from '../shared/ws-protocol';
import { accessPolicy, bearerToken, tokenMatches, type AccessPolicy } from './request-guards';
import { securityHeaders, serveStatic } from './static-files';
import { wireWebSocketTransport } from './ws-transport';

/** The path of the Prometheus metrics. */
export const METRICS_PATH = '/metrics';

/** Options of serve mode and of the agent (which has no page). */
export interface LabServerOptions {
  service: LabService;
  /** The built renderer folder (out/renderer); absent for the agent, which serves no page. */
  rendererDir?: string;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The token clients must present (default: a new random one for this session). */
  token?: string;
  /** Extra Host header values, `name[:port]` (the loopback names are always allowed). */
  allowedHosts?: readonly string[];
  /** Extra WebSocket origins, as URLs (the loopback origins at our port are always allowed). */
  allowedOrigins?: readonly string[];
  /** Accept a WebSocket without an Origin header, if its token matches (the agent). */
  allowMissingOrigin?: boolean;
  /** Called each time a WebSocket client is let in (its token checked). */
  onClientAccepted?: () => void;
}

/** A running server. */
export interface LabServer {
  /** The page URL, token included (serve mode's only way in). */
  url: string;
  /** The address it is bound to. */
  host: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Serve mode (the built renderer over HTTP) and the agent (no page) in one server: the lab over
 * a WebSocket and its metrics at /metrics, on 127.0.0.1 unless told otherwise. Every request's
 * Host is checked; the WebSocket also needs the token and an allowed Origin, /metrics the token
 * as a bearer token. The same LabService and schemas serve Electron's IPC.
 */
export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  const stopTransport = wireWebSocketTransport(options.service, sockets);
  const metrics = createLabMetrics(options.service);
  // Set once the port is known (a request cannot arrive before).
  let access: AccessPolicy = accessPolicy({ port: -1 });

  const http = createServer((request, response) => {
    const send = (status: number, text: string, headers: Record<string, string> = {}): void => {
      response.writeHead(status, {
        ...securityHeaders(),
        'Content-Type': 'text/plain; charset=utf-8',
        ...headers,
      });
      response.end(text);
    };
    if (!access.hostAllowed(request.headers.host)) return send(421, 'wrong host');
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === METRICS_PATH) {
      serveMetrics(request, response, token, metrics.contentType, () => metrics.render(), send);
      return;
    }
    if (path === WS_PATH) {
      // A page never sees why its WebSocket handshake failed; asking here, it learns whether its
      // token is refused (stop retrying) or the server only wants an upgrade (retry).
      const presented = new URL(request.url ?? '/', 'http://x').searchParams.get(TOKEN_PARAM);
      if (!tokenMatches(presented, token)) return send(401, 'this link is not valid any more');
      return send(426, 'a WebSocket upgrade is needed', { Upgrade: 'websocket' });
    }
    if (options.rendererDir === undefined) return send(404, 'not found');
    serveStatic(options.rendererDir, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without an error listener: a client resetting mid-handshake
    // would otherwise end the server.
    socket.on('error', () => socket.destroy());
    const refusal = refuseUpgrade(request, access, token);
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      sockets.emit('connection', ws, request);
      options.onClientAccepted?.();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, host, () => resolve());
    });
  } catch (error) {
    stopTransport();
    metrics.dispose();
    throw error;
  }
  const port = (http.address() as AddressInfo).port;
  access = accessPolicy({
    port,
    hosts: [...(isWildcard(host) ? [] : [hostInUrl(host)]), ...(options.allowedHosts ?? [])],
    origins: options.allowedOrigins,
    allowMissingOrigin: options.allowMissingOrigin,
  });

  return {
    url: `http://${hostInUrl(host)}:${port}/?${TOKEN_PARAM}=${token}`,
    host,
    port,
    token,
    close: async () => {
      stopTransport();
      metrics.dispose();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** GET /metrics with `Authorization: Bearer TOKEN`. */
function serveMetrics(
  request: IncomingMessage,
  response: ServerResponse,
  token: string,
  contentType: string,
  render: () => Promise<string>,
  send: (status: number, text: string, headers?: Record<string, string>) => void,
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed');
  if (!tokenMatches(bearerToken(request.headers.authorization), token)) {
    return send(401, 'a bearer token is needed', { 'WWW-Authenticate': 'Bearer' });
  }
  render().then(
    (text) => send(200, request.method === 'HEAD' ? '' : text, { 'Content-Type': contentType }),
    () => send(500, 'metrics failed'),
  );
}

/** Why a WebSocket upgrade is refused ("403 Forbidden"…), or null to accept it. */
function refuseUpgrade(
  request: IncomingMessage,
  access: AccessPolicy,
  token: string,
): string | null {
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname !== WS_PATH) return '404 Not Found';
  if (!access.hostAllowed(request.headers.host)) return '421 Misdirected Request';
  if (!access.originAllowed(request.headers.origin)) return '403 Forbidden';
  // A page passes the token in the URL (browsers cannot set headers on a WebSocket); a program
  // may send it as a bearer token instead, so it appears in no URL.
  const presented = url.searchParams.get(TOKEN_PARAM) ?? bearerToken(request.headers.authorization);
  if (!tokenMatches(presented, token)) return '401 Unauthorized';
  return null;
}

/** True for an address that binds every interface. */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/** An address as it appears in a URL or Host header (IPv6 in brackets). */
export function hostInUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
