import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { tsxLoaderUrl } from '../../../src/core/paths';

/** The CLI from source: the agent needs no built page. */
export const CLI = join(__dirname, '../../../src/cli/index.ts');

/** A `concurrency-lab agent` process. */
export interface AgentProcess {
  child: ChildProcess;
  port: number;
  /** Everything it wrote so far. */
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** A temp folder with a 0600 token file; `remove` deletes both. */
export function tokenDir(): { dir: string; file: string; token: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'lab-agent-'));
  const file = join(dir, 'token');
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { dir, file, token, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts the agent with `args` and waits for its `listening on HOST:PORT` line. `prefix` runs it
 * under another command (unshare, setpriv). Rejects with its stderr if it exits first.
 */
export async function startAgent(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  prefix: string[] = [],
): Promise<AgentProcess> {
  const command = [...prefix, process.execPath, '--import', tsxLoaderUrl(), CLI, 'agent', ...args];
  const child = spawn(command[0] as string, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    // An undefined value removes that variable.
    env: Object.fromEntries(
      Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined),
    ),
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^listening on \S+:(\d+)$/m.exec(out);
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`agent exited (${code}): ${err}`)));
  });
  return {
    child,
    port,
    stdout: () => out,
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A WebSocket client of the agent: no Origin (a program, not a page), token as a header. */
export async function openAgentClient(
  port: number,
  token: string,
  headers: Record<string, string> = {},
): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
    headers: { Authorization: `Bearer ${token}`, ...headers },
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

/** The status of a refused upgrade (e.g. 401), or 101 when it was accepted. */
export function upgradeStatus(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    socket.once('open', () => (socket.terminate(), resolve(101)));
    socket.once(
      'unexpected-response',
      (_req, res) => (socket.terminate(), resolve(res.statusCode ?? 0)),
    );
    socket.on('error', () => resolve(-1));
  });
}
