import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tsxLoaderUrl } from '../../../src/core/paths';
import { ensureBuilt } from '../support/build';
import { descendantsOf, waitForExit } from '../support/process-tree';

const cli = join(__dirname, '../../../src/cli/index.ts');
const node = (args: string[]) =>
  spawnSync(process.execPath, ['--import', tsxLoaderUrl(), cli, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });

// Serve mode runs from source here but serves the built page: build it on a fresh clone.
beforeAll(() => ensureBuilt('present'), 200_000);

/** True when something accepts TCP connections on the port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('the concurrency-lab CLI', () => {
  it('prints usage for --help and for each command', () => {
    const top = node(['--help']);
    expect(top.status, top.stderr).toBe(0);
    expect(top.stdout).toContain('serve');
    const serve = node(['serve', '--help']);
    expect(serve.status, serve.stderr).toBe(0);
    expect(serve.stdout).toContain('--port');
  });

  it('prints the version from package.json for --version', () => {
    const { version } = JSON.parse(
      readFileSync(join(__dirname, '../../../package.json'), 'utf8'),
    ) as {
      version: string;
    };
    const run = node(['--version']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it('fails with one line and a non-zero code on an unknown command or bad flag', () => {
    const unknown = node(['launch-missiles']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "launch-missiles"');
    const badPort = node(['serve', '--port', 'eighty']);
    expect(badPort.status).toBe(1);
    expect(badPort.stderr.trim()).toBe(
      'concurrency-lab serve: --port must be a whole number from 0 to 65535 (got eighty)',
    );
  });

  it('serve mode stops its server and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', tsxLoaderUrl(), cli, 'serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /127\.0\.0\.1:(\d+)/.exec(output);
        if (match?.[1]) resolve(Number(match[1]));
      });
      child.once('exit', () => reject(new Error(`serve exited early: ${output}${errors}`)));
    });
    expect(await isListening(port)).toBe(true);
    const exit = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(await isListening(port)).toBe(false);
  });
});

describe('when the app dies', () => {
  it('SIGKILL of serve mode mid-experiment and mid-IPC run leaves no process behind', async () => {
    const child = spawn(process.execPath, ['--import', tsxLoaderUrl(), cli, 'serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const url = await new Promise<URL>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
        if (match?.[1]) resolve(new URL(match[1]));
      });
      child.once('exit', () => reject(new Error(`serve exited early: ${output}${errors}`)));
    });
    const socket = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, {
      headers: { Origin: url.origin },
    });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const call = (id: number, channel: string, request: unknown): void =>
      socket.send(JSON.stringify({ type: 'call', id, channel, request }));
    call(1, 'experiment:start', {
      runs: [
        {
          workload: 'timer',
          model: 'node-process-pool',
          workers: 2,
          tasks: 10_000,
          latencyMs: 100,
          baseline: 'skip',
        },
      ],
    });
    call(2, 'ipc:start', {
      mechanism: 'unix-socket',
      mode: 'throughput',
      sizeBytes: 1024,
      durationMs: 60_000,
      producers: 2,
    });

    // The experiment host with its 2 workers and the IPC runner with its 2 peers.
    let tree: number[] = [];
    for (let i = 0; i < 150 && tree.length < 6; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      tree = descendantsOf(child.pid ?? 0);
    }
    expect(tree.length).toBeGreaterThanOrEqual(6);
    socket.terminate();
    child.kill('SIGKILL');
    expect(await waitForExit(tree, 3000)).toEqual([]);
  });
});
