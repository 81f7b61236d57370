import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../src/core/paths';

const cli = join(__dirname, '../../../src/cli/index.ts');
const node = (args: string[]) =>
  spawnSync(process.execPath, ['--import', tsxLoaderUrl(), cli, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });

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
    expect(top.status).toBe(0);
    expect(top.stdout).toContain('serve');
    const serve = node(['serve', '--help']);
    expect(serve.status).toBe(0);
    expect(serve.stdout).toContain('--port');
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
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /127\.0\.0\.1:(\d+)/.exec(output);
        if (match?.[1]) resolve(Number(match[1]));
      });
      child.once('exit', () => reject(new Error(`serve exited early: ${output}`)));
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
