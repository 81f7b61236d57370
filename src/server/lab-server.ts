import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { LabService } from '../core/service';
import { MAX_CLIENT_FRAME_BYTES, TOKEN_PARAM, WS_PATH } from '../shared/ws-protocol';
import { isAllowedHost, isAllowedOrigin, tokenMatches } from './request-guards';
import { securityHeaders, serveStatic } from './static-files';
import { wireWebSocketTransport } from './ws-transport';

/** Serve mode's options. */
export interface LabServerOptions {
  service: LabService;
  /** The built renderer folder (out/renderer). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Called each time a WebSocket client is let in (its token checked). */
  onClientAccepted?: () => void;
}

/** A running serve-mode server. */
export interface LabServer {
  /** The page URL, token included: the only way in. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Serve mode: the built renderer over HTTP and the lab over a WebSocket, on 127.0.0.1 only.
 * Every request's Host is checked; the WebSocket also needs this session's token and our own
 * Origin. The same LabService and schemas serve Electron's IPC.
 */
export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const token = randomBytes(32).toString('base64url');
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  const stopTransport = wireWebSocketTransport(options.service, sockets);
  let port = 0;

  const http = createServer((request, response) => {
    if (!isAllowedHost(request.headers.host, port)) {
      response.writeHead(421, { ...securityHeaders(), 'Content-Type': 'text/plain' });
      return void response.end('wrong host');
    }
    serveStatic(options.rendererDir, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without an error listener: a client resetting mid-handshake
    // would otherwise end serve mode.
    socket.on('error', () => socket.destroy());
    const refusal = refuseUpgrade(request, port, token);
    if (refusal !== null) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      sockets.emit('connection', ws, request);
      options.onClientAccepted?.();
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (http.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?${TOKEN_PARAM}=${token}`,
    port,
    token,
    close: async () => {
      stopTransport();
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Why a WebSocket upgrade is refused ("403 Forbidden"…), or null to accept it. */
function refuseUpgrade(request: IncomingMessage, port: number, token: string): string | null {
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname !== WS_PATH) return '404 Not Found';
  if (!isAllowedHost(request.headers.host, port)) return '421 Misdirected Request';
  if (!isAllowedOrigin(request.headers.origin, port)) return '403 Forbidden';
  if (!tokenMatches(url.searchParams.get(TOKEN_PARAM), token)) return '401 Unauthorized';
  return null;
}
