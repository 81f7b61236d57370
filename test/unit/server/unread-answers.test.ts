import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { UNREAD_TIMEOUT_MS } from '../../../src/server/client-calls';
import { requireMachine } from '../support/machine';
import {
  call,
  callMany,
  encodeFrame,
  openClient,
  openRaw,
  rssBytes,
  startServeChild,
  type ServeChild,
} from './ws-harness';

// Serve mode runs in a child process so its resident memory can be read from /proc.
let server: ServeChild;
let helper: WebSocket;

beforeAll(async () => {
  server = await startServeChild();
  helper = await openClient(server.port, server.token);
});

afterAll(async () => {
  helper?.close();
  await server?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('a client that sends calls but never reads the answers', () => {
  it('cannot grow serve mode without bound, and is closed with 1008', async ({ skip }) => {
    requireMachine(skip, 'linux');
    // Warm up until the process table is full (a snapshot is then tens of KB) and the code hot.
    let size = 0;
    for (let id = 1; id <= 300 || size < 20_000; id += 1) {
      size = JSON.stringify(await call(helper, id, 'processes:snapshot', {})).length;
      if (id > 300) await sleep(100);
    }
    // The same churn once from a client that reads, so the baseline includes V8's grown heap.
    await callMany(
      helper,
      Array.from({ length: 1000 }, (_, i) => ({
        id: 10_000 + i,
        channel: 'processes:snapshot',
        request: {},
      })),
    );
    const baseline = rssBytes(server.pid);

    const greedy = await openRaw(server.port, server.token);
    greedy.socket.pause(); // never reads: every answer must wait in someone's memory
    const calls = Array.from({ length: 3000 }, (_, i) =>
      encodeFrame({
        opcode: 1,
        payload: Buffer.from(
          JSON.stringify({ type: 'call', id: i + 1, channel: 'processes:snapshot', request: {} }),
        ),
      }),
    );
    greedy.socket.write(Buffer.concat(calls));

    // 3,000 unread answers of this size would be over 100 MB. Watch the peak until serve mode
    // has given up on the client (it closes one that read nothing for UNREAD_TIMEOUT_MS).
    let peak = baseline;
    for (const until = Date.now() + UNREAD_TIMEOUT_MS + 3_000; Date.now() < until;) {
      await sleep(100);
      peak = Math.max(peak, rssBytes(server.pid));
    }
    expect(server.exit).toBeNull();
    expect(
      peak - baseline,
      `RSS grew ${((peak - baseline) / 2 ** 20).toFixed(1)} MiB`,
    ).toBeLessThan(50 * 1024 * 1024);

    // Reading at last, the greedy client finds the answers it got and then the close.
    greedy.socket.resume();
    const closed = await greedy.closed;
    expect(closed).toEqual({ code: 1008, reason: 'too many unread answers' });
    expect(greedy.texts.length).toBeGreaterThan(0);
    expect(greedy.texts.length).toBeLessThan(3000);
    greedy.socket.destroy();

    const fresh = await openClient(server.port, server.token);
    try {
      expect(await call(fresh, 1, 'sampling:get-state', {})).toMatchObject({ id: 1, ok: true });
    } finally {
      fresh.close();
    }
  }, 60_000);
});
