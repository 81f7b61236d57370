import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { removeWhenGone } from '../../../src/cli/remove-when-gone';
import { tiedSpawn } from '../../../src/core/os/tied';
import type { CallChannel, CallRequest, CallResponses } from '../../../src/shared/contract';
import { TOKEN_PARAM, WS_PATH } from '../../../src/shared/ws-protocol';
import { waitForServeUrl } from '../../e2e/serve-url';

/**
 * Real serve mode for the renderer benchmark: the built CLI (`node out/main/cli.js serve`),
 * started the way a user starts it, and calls to it over its own WebSocket protocol, as the
 * page makes them, so the scenario is set up the same whatever the page looks like.
 */

/** A running serve mode. */
export interface Serve {
  url: string;
  pid: number;
  /** Makes one call over a short-lived connection (closed at once, so it streams nothing). */
  call<C extends CallChannel>(channel: C, request: CallRequest<C>): Promise<CallResponses[C]>;
  stop(): Promise<void>;
}

/** Starts serve mode from out/ in `root` and waits for the URL (with its token) it prints. */
export async function startServe(root: string): Promise<Serve> {
  const dataHome = mkdtempSync(join(tmpdir(), 'lab-bench-data-'));
  const { command, args } = tiedSpawn(process.execPath, [
    join(root, 'out/main/cli.js'),
    'serve',
    '--port',
    '0',
  ]);
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_DATA_HOME: dataHome },
  });
  // Removed even if the benchmark itself is killed (a timeout, Ctrl-C): no folder outlives it.
  const removal = removeWhenGone(dataHome, child.pid);
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      rmSync(dataHome, { recursive: true, force: true });
      removal.release();
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
    await gone;
  };
  const url = await waitForServeUrl(child, 30_000).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    url,
    pid: child.pid as number,
    call: (channel, request) => callOnce(url, channel, request),
    stop,
  };
}

/** One call over a fresh WebSocket to serve mode, as the page would make it. */
async function callOnce<C extends CallChannel>(
  pageUrl: string,
  channel: C,
  request: CallRequest<C>,
): Promise<CallResponses[C]> {
  const page = new URL(pageUrl);
  const socketUrl = `ws://${page.host}${WS_PATH}?${TOKEN_PARAM}=${page.searchParams.get(TOKEN_PARAM) ?? ''}`;
  const socket = new WebSocket(socketUrl, { headers: { Origin: page.origin } });
  try {
    return await new Promise<CallResponses[C]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${channel}: no answer in 10 s`)), 10_000);
      socket.once('error', reject);
      socket.once('open', () =>
        socket.send(JSON.stringify({ type: 'call', id: 1, channel, request })),
      );
      socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as {
          type: string;
          id?: number;
          ok?: boolean;
          value?: unknown;
          error?: string;
        };
        if (frame.type !== 'result' || frame.id !== 1) return;
        clearTimeout(timer);
        if (frame.ok) resolve(frame.value as CallResponses[C]);
        else reject(new Error(frame.error ?? `${channel} failed`));
      });
    });
  } finally {
    socket.close();
  }
}
