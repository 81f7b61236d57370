import { connect } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import {
  MALFORMED_FRAMES,
  call,
  encodeFrame,
  nextStream,
  openClient,
  openRaw,
  startServeChild,
  type ServeChild,
} from './ws-harness';

// Serve mode runs in a child process: a frame that crashes it shows up as an exit, not as a
// vitest failure hidden behind the test's own process.
const started: ServeChild[] = [];
let bystander: WebSocket;

/** The server of the current test. */
const live = (): ServeChild => {
  const server = started.at(-1);
  if (server === undefined) throw new Error('no server started');
  return server;
};

// A fresh server replaces one a previous test crashed, so each kind is judged on its own.
beforeEach(async () => {
  if (started.length > 0 && live().exit === null) return;
  const server = await startServeChild();
  started.push(server);
  bystander = await openClient(server.port, server.token);
});

afterAll(async () => {
  bystander?.close();
  for (const server of started) await server.stop();
});

/** The bystander still gets stream frames and answers, and the server process is alive. */
async function expectServerStillServes(server: ServeChild): Promise<void> {
  const crashed = server.exited.then(() => {
    throw new Error(`serve mode died: ${JSON.stringify(server.exit)}`);
  });
  const id = Math.floor(Math.random() * 1e9);
  const served = (async () => {
    expect(await nextStream(bystander, 'sample:cores')).toHaveProperty('cores');
    expect(await call(bystander, id, 'sampling:get-state', {})).toMatchObject({ id, ok: true });
  })();
  await Promise.race([served, crashed]);
  expect(server.exit).toBeNull();
}

describe('serve mode and malformed WebSocket frames', () => {
  for (const { kind, bytes, code } of MALFORMED_FRAMES) {
    it(`closes only the sender of ${kind}, with code ${code}`, async () => {
      const server = live();
      const raw = await openRaw(server.port, server.token);
      raw.socket.write(bytes());
      const closed = await raw.closed;
      raw.socket.destroy();
      await expectServerStillServes(server);
      expect(closed.code).toBe(code);
    });
  }

  it('survives clients that reset the connection right after asking for an upgrade', async () => {
    const server = live();
    for (let i = 0; i < 100; i += 1) {
      const socket = connect(server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve).once('error', resolve));
      const token = i % 2 === 0 ? server.token : 'wrong';
      socket.write(
        `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
          `Origin: http://127.0.0.1:${server.port}\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
          'Sec-WebSocket-Version: 13\r\n\r\n',
      );
      socket.resetAndDestroy();
    }
    await expectServerStillServes(server);
  });

  it('answers valid JSON that is not a well-formed call with an error, echoing the id', async () => {
    const server = live();
    const raw = await openRaw(server.port, server.token);
    const send = (value: unknown): void => {
      raw.socket.write(encodeFrame({ opcode: 1, payload: Buffer.from(JSON.stringify(value)) }));
    };
    send({ type: 'call', id: 7, channel: 'sampling:get-state' });
    send({ type: 'call', channel: 'sampling:get-state', request: {} });
    send({ type: 'call', id: 'x', channel: 7 });
    send([1, 2, 3]);
    send({ type: 'call', id: 8, channel: 'sampling:get-state', request: {} });
    const until = Date.now() + 10_000;
    while (raw.texts.length < 5 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const answers = raw.texts.map((t) => JSON.parse(t) as Record<string, unknown>);
    const results = answers.filter((a) => a.type === 'result');
    expect(results).toHaveLength(5);
    expect(results[0]).toMatchObject({ id: 7, ok: false });
    expect(String(results[0]?.error)).toContain('request');
    expect(results[1]).toMatchObject({ id: null, ok: false });
    expect(results[2]).toMatchObject({ id: null, ok: false });
    expect(results[3]).toMatchObject({ id: null, ok: false });
    expect(results[4]).toMatchObject({ id: 8, ok: true });
    raw.socket.destroy();
    await expectServerStillServes(server);
  });

  it('quotes at most about 200 characters of a huge input in an error', async () => {
    const huge = 'y'.repeat(60_000);
    const answers = await Promise.all([
      call(bystander, 101, 'recording:export', { format: huge }),
      call(bystander, 102, 'sampling:get-state', { [huge]: 1 }),
      call(bystander, 103, 'experiment:events', { runId: huge }),
      call(bystander, 104, 'processes:watch', { pid: huge }),
      call(bystander, 105, 'experiment:set-python', { path: huge }),
      call(
        bystander,
        106,
        'sampling:get-state',
        Array.from({ length: 5000 }, () => 1),
      ),
      call(bystander, 107, 'experiment:set-python', { path: 'p'.repeat(4000) }),
    ]);
    for (const answer of answers) {
      expect(answer).toMatchObject({ ok: false });
      expect(JSON.stringify(answer).length).toBeLessThan(600);
    }
  });
});
