import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { tsxLoaderUrl } from '../../../src/core/paths';
import type { ServerFrame } from '../../../src/shared/ws-protocol';
import { requireMachine } from '../support/machine';
import {
  CLI,
  openAgentClient,
  startAgent,
  tokenDir,
  upgradeStatus,
  type AgentProcess,
} from './agent-harness';
import { call, nextStream } from './ws-harness';

/**
 * `concurrency-lab agent`, the real command in its own process: where its token may come from,
 * whom it answers (Host, Origin, token), and that clients coming and going never stop it.
 */

const agents: AgentProcess[] = [];
const dirs: { remove(): void }[] = [];

afterEach(async () => {
  await Promise.all(agents.splice(0).map((agent) => agent.stop()));
});
afterAll(() => dirs.splice(0).forEach((dir) => dir.remove()));

/** Runs the agent CLI to its end (for start-up refusals). */
function runAgentCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--import', tsxLoaderUrl(), CLI, 'agent', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, ...env },
  });
}

describe('agent token', () => {
  it('refuses a token file other users could read or own, and anything not a regular file', ({
    skip,
  }) => {
    requireMachine(skip, 'linux');
    const files = tokenDir();
    dirs.push(files);
    chmodSync(files.file, 0o644);
    const readable = runAgentCli(['--token-file', files.file]);
    expect(readable.status).toBe(1);
    expect(readable.stderr.trim()).toBe(
      `concurrency-lab agent: the token file ${files.file} has mode 0644, so other users can read it: run chmod 600 ${files.file}`,
    );
    chmodSync(files.file, 0o600);
    if (process.getuid?.() === 0) {
      chownSync(files.file, 65534, 65534);
      const foreign = runAgentCli(['--token-file', files.file]);
      expect(foreign.status).toBe(1);
      expect(foreign.stderr).toContain('belongs to uid 65534, not to this user (uid 0)');
      chownSync(files.file, 0, 0);
    }
    const folder = join(files.dir, 'folder');
    mkdirSync(folder, { mode: 0o700 });
    expect(runAgentCli(['--token-file', folder]).stderr).toContain('is not a regular file');
    const fifo = join(files.dir, 'fifo');
    spawnSync('mkfifo', ['-m', '600', fifo]);
    expect(runAgentCli(['--token-file', fifo]).stderr).toContain('is not a regular file');
    writeFileSync(files.file, 'short\n');
    expect(runAgentCli(['--token-file', files.file]).stderr).toContain('at least 16 printable');
  });

  it('has no --token flag: a token in the arguments would show in ps', () => {
    for (const args of [
      ['--token', 'abcdefghijklmnopqrstuvwxyz'],
      ['--token=abcdefghijklmnopqrst'],
    ]) {
      const run = runAgentCli(args);
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        'concurrency-lab agent: there is no --token flag (every user can read arguments with ps): use --token-file PATH or CONCURRENCY_LAB_TOKEN',
      );
    }
  });

  it('writes a new 0600 token file in the config folder when given none, printing its path only', async () => {
    const home = tokenDir();
    dirs.push(home);
    const agent = await startAgent(['--port', '0'], {
      XDG_CONFIG_HOME: home.dir,
      CONCURRENCY_LAB_TOKEN: undefined,
    });
    agents.push(agent);
    const file = join(home.dir, 'concurrency-lab', 'agent-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(agent.stderr()).toContain(`new token written to ${file}`);
    expect(agent.stdout() + agent.stderr()).not.toContain(token);
    expect(agent.stdout()).toBe(`listening on 127.0.0.1:${agent.port}\n`);
    expect(await upgradeStatus(agent.port, '/ws', { Authorization: `Bearer ${token}` })).toBe(101);
  });

  it('takes the token from CONCURRENCY_LAB_TOKEN and keeps it from its children', async () => {
    const token = 'environment-token-0123456789';
    const agent = await startAgent(['--port', '0'], { CONCURRENCY_LAB_TOKEN: token });
    agents.push(agent);
    expect(await upgradeStatus(agent.port, '/ws', { Authorization: `Bearer ${token}` })).toBe(101);
    expect(
      await upgradeStatus(agent.port, '/ws', { Authorization: 'Bearer wrong-token-0123456789' }),
    ).toBe(401);
    // The lab's sampler thread is in-process; an IPC run starts children: none has the token.
    const socket = await openAgentClient(agent.port, token);
    try {
      const started = await call(socket, 1, 'ipc:start', {
        mechanism: 'pipe',
        mode: 'throughput',
        sizeBytes: 64,
        durationMs: 3000,
        producers: 1,
      });
      expect(started).toMatchObject({ ok: true });
      const pids = (started as { value: { active: { pids: number[] } } }).value.active.pids;
      expect(pids.length).toBeGreaterThan(0);
      for (const pid of pids) {
        let environ = '';
        try {
          environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
        } catch {
          continue; // already ended
        }
        expect(environ).not.toContain(token);
      }
      await call(socket, 2, 'ipc:stop', {});
    } finally {
      socket.close();
    }
  });
});

describe('agent access', () => {
  let agent: AgentProcess;
  let token: string;
  beforeAll(async () => {
    const files = tokenDir();
    dirs.push(files);
    token = files.token;
    agent = await startAgent([
      '--port',
      '0',
      '--token-file',
      files.file,
      '--allow-host',
      'lab.example',
      '--allow-origin',
      'https://dash.example',
    ]);
  });
  afterAll(() => agent.stop());

  it('prints exactly where it listens, and serves no page', async () => {
    expect(agent.stdout()).toBe(`listening on 127.0.0.1:${agent.port}\n`);
    const page = await fetch(`http://127.0.0.1:${agent.port}/`);
    expect(page.status).toBe(404);
  });

  it('answers allowed Host values only', async () => {
    const bearer = { Authorization: `Bearer ${token}` };
    const status = (host: string) => upgradeStatus(agent.port, '/ws', { ...bearer, Host: host });
    expect(await status(`localhost:${agent.port}`)).toBe(101);
    expect(await status(`lab.example:${agent.port}`)).toBe(101);
    expect(await status(`lab.example:1`)).toBe(421);
    expect(await status(`evil.example:${agent.port}`)).toBe(421);
  });

  it('takes a client without Origin (a program) only with the token; a page only from an allowed origin', async () => {
    const bearer = { Authorization: `Bearer ${token}` };
    expect(await upgradeStatus(agent.port, '/ws', bearer)).toBe(101);
    expect(await upgradeStatus(agent.port, '/ws', {})).toBe(401);
    expect(await upgradeStatus(agent.port, `/ws?token=${token}`, {})).toBe(101);
    expect(
      await upgradeStatus(agent.port, '/ws', { ...bearer, Origin: 'https://dash.example' }),
    ).toBe(101);
    expect(
      await upgradeStatus(agent.port, '/ws', { ...bearer, Origin: 'https://evil.example' }),
    ).toBe(403);
    expect(await upgradeStatus(agent.port, '/ws', { ...bearer, Origin: 'null' })).toBe(403);
  });

  it('survives its clients: three at once, one dropped mid-stream, one reconnecting', async () => {
    const streamed = (socket: WebSocket) => nextStream(socket, 'sample:cores');
    const a = await openAgentClient(agent.port, token);
    const b = await openAgentClient(agent.port, token);
    let c = await openAgentClient(agent.port, token);
    try {
      await Promise.all([streamed(a), streamed(b), streamed(c)]);
      // b vanishes without a close frame while frames are flowing; c leaves and comes back.
      b.terminate();
      c.close();
      c = await openAgentClient(agent.port, token);
      const again = await openAgentClient(agent.port, token);
      try {
        await Promise.all([streamed(a), streamed(c), streamed(again)]);
        for (const [id, socket] of [a, c, again].entries()) {
          const answer = (await call(socket, id + 10, 'sampling:get-state', {})) as ServerFrame;
          expect(answer).toMatchObject({ type: 'result', ok: true });
        }
        // A call in flight when its client drops does not hurt the others either.
        void call(again, 99, 'processes:snapshot', {});
        again.terminate();
        expect(await call(a, 100, 'system:info', {})).toMatchObject({ ok: true });
        expect(await streamed(c)).toMatchObject({ cores: expect.any(Array) });
      } finally {
        again.terminate();
      }
    } finally {
      a.close();
      c.close();
    }
    expect(agent.child.exitCode).toBeNull();
  });
});
