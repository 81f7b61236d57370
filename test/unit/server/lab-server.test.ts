import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LabService } from '../../../src/core/service';
import { startLabServer, type LabServer } from '../../../src/server/lab-server';
import type { ServerFrame } from '../../../src/shared/ws-protocol';

let root: string;
let service: LabService;
let server: LabServer;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lab-server-test-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>lab</title>');
  service = new LabService();
  server = await startLabServer({ service, rendererDir: root });
});

afterAll(async () => {
  await server.close();
  await service.dispose();
  await rm(root, { recursive: true, force: true });
});

/** A GET with an explicit Host header; resolves to status and headers. */
function get(
  path: string,
  host = `127.0.0.1:${server.port}`,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers: { Host: host } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** An authenticated socket from our own origin. */
async function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
    headers: { Origin: `http://127.0.0.1:${server.port}` },
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

/** Sends one call and waits for its answer. */
function callOver(
  socket: WebSocket,
  id: number,
  channel: string,
  requestBody: unknown,
): Promise<ServerFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'result' && frame.id === id) {
        socket.off('message', onMessage);
        resolve(frame);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'call', id, channel, request: requestBody }));
  });
}

describe('serve mode server', () => {
  it('listens on loopback only and prints a URL with its token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the page with the CSP and hardening headers', async () => {
    const { status, headers } = await get('/');
    expect(status).toBe(200);
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('no-referrer');
  });

  it('refuses foreign Host headers and paths outside the renderer', async () => {
    expect((await get('/', 'evil.example')).status).toBe(421);
    expect((await get('/../../etc/passwd')).status).toBe(404);
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('tells a page over plain HTTP whether its WebSocket token is refused', async () => {
    // A browser hides a failed handshake's status; this is how the page learns to stop retrying.
    expect((await get(`/ws?token=${server.token}`)).status).toBe(426);
    expect((await get('/ws?token=not-the-token')).status).toBe(401);
    expect((await get('/ws')).status).toBe(401);
    expect((await get(`/ws?token=${server.token}`, 'evil.example')).status).toBe(421);
  });

  it('answers calls over the WebSocket and validates each request', async () => {
    const socket = await openSocket();
    try {
      expect(await callOver(socket, 1, 'sampling:get-state', {})).toEqual({
        type: 'result',
        id: 1,
        ok: true,
        value: { intervalMs: 500, paused: false },
      });
      expect(await callOver(socket, 2, 'sampling:set-interval', { intervalMs: 99 })).toEqual({
        type: 'result',
        id: 2,
        ok: false,
        error: 'sampling:set-interval: intervalMs: must be at least 100 ms (got 99)',
        // The refused field in plain words, for the page to show next to the field.
        issues: [{ path: ['intervalMs'], label: 'Interval', message: 'at least 100 ms' }],
      });
      expect(await callOver(socket, 3, 'shell:exec', { command: 'rm -rf /' })).toMatchObject({
        ok: false,
        error: 'unknown channel: "shell:exec"',
      });
    } finally {
      socket.close();
    }
  });

  it('pushes streams to connected pages', async () => {
    const socket = await openSocket();
    try {
      const frame = new Promise<ServerFrame>((resolve) =>
        socket.on('message', (data) => {
          const parsed = JSON.parse(data.toString()) as ServerFrame;
          if (parsed.type === 'stream' && parsed.stream === 'sampling:state') resolve(parsed);
        }),
      );
      await callOver(socket, 1, 'sampling:pause', {});
      expect(await frame).toEqual({
        type: 'stream',
        stream: 'sampling:state',
        payload: { intervalMs: 500, paused: true },
      });
      await callOver(socket, 2, 'sampling:resume', {});
    } finally {
      socket.close();
    }
  });

  it('answers a malformed frame with an error and keeps the socket open', async () => {
    const socket = await openSocket();
    try {
      const answer = new Promise<ServerFrame>((resolve) =>
        socket.on('message', (data) => {
          const frame = JSON.parse(data.toString()) as ServerFrame;
          if (frame.type === 'result') resolve(frame);
        }),
      );
      socket.send(JSON.stringify({ type: 'call', id: 'x', channel: 7 }));
      expect(await answer).toMatchObject({ type: 'result', id: null, ok: false });
      expect(await callOver(socket, 4, 'sampling:get-state', {})).toMatchObject({ ok: true });
    } finally {
      socket.close();
    }
  });
});
