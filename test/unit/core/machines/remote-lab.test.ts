import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../../../src/core/machines/backoff';
import { RemoteLab, failureText } from '../../../../src/core/machines/remote-lab';
import { LabService } from '../../../../src/core/service';
import { startLabServer, type LabServer } from '../../../../src/server/lab-server';
import type { MachinesState } from '../../../../src/shared/machines';
import { labMessageText } from '../../../../src/renderer/src/lib/issue-text';
import { uiTexts } from '../../support/ui-texts';

const TOKEN = 'remote-lab-test-token-Zq7PpW3xK9';
const FAST = { initialMs: 50, maxMs: 400 };

let root: string;
let agent: LabService;
let server: LabServer;
const cleanups: (() => unknown)[] = [];

/** An in-test agent: a LabService behind startLabServer, as `concurrency-lab agent` runs it. */
async function startAgent(port = 0): Promise<LabServer> {
  return startLabServer({ service: agent, port, token: TOKEN, allowMissingOrigin: true });
}

/** Polls until `check` holds (the condition is the test; the deadline only bounds a failure). */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'lab-remote-test-'));
  agent = new LabService({
    recordingsDir: join(root, 'agent-recordings'),
    machines: { file: join(root, 'agent-machines.json') },
  });
  agent.start();
  server = await startAgent();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
  await agent.dispose();
  rmSync(root, { recursive: true, force: true });
});

function link(token = TOKEN, port = server.port): { lab: RemoteLab; streams: string[] } {
  const streams: string[] = [];
  const lab = new RemoteLab({
    url: `ws://127.0.0.1:${port}`,
    token,
    backoff: FAST,
    onStream: (stream) => streams.push(stream),
    onStatus: () => undefined,
  });
  cleanups.push(() => lab.close());
  return { lab, streams };
}

describe('the link to an agent', () => {
  it('forwards calls, answered by id, and receives the agent’s streams', async () => {
    const { lab, streams } = link();
    await until(() => lab.status === 'connected', 'the link');
    const [info, state] = await Promise.all([
      lab.call('system:info', {}),
      lab.call('sampling:get-state', {}),
    ]);
    expect(info).toMatchObject({ ok: true, value: { hostname: hostname() } });
    expect(state).toMatchObject({ ok: true, value: { paused: false } });
    // The agent validates too: a bad request comes back as its readable error.
    expect(await lab.call('sampling:set-interval', { intervalMs: 1 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/intervalMs: must be at least 100/),
    });
    await until(() => streams.includes('sample:cores'), 'a sample:cores stream');
  });

  it('a refused token leaves the machine lost, saying so, and calls fail at once', async () => {
    const { lab } = link('a-wrong-token-of-enough-length');
    await until(() => lab.status === 'lost', 'the refusal');
    expect(failureText(lab)).toBe('the agent refused the token');
    const refusal = await lab.call('system:info', {});
    expect(refusal).toEqual({
      ok: false,
      error: 'system:info: the machine is not connected (the agent refused the token)',
      said: {
        key: 'machineNotConnected',
        values: { why: { key: 'agentRefusedToken', values: {} } },
      },
    });
    // The page words it in its language from what was said.
    if (!refusal.ok) {
      expect(labMessageText(refusal.said!, uiTexts('zh-CN'))).toBe(
        '这台机器没有连上（代理拒绝了令牌）',
      );
    }
  });

  it('shows an unreachable agent as lost, then reconnects when it is back on its port', async () => {
    const { lab, streams } = link();
    await until(() => lab.status === 'connected', 'the link');
    const port = server.port;
    await server.close();
    await until(() => lab.status === 'lost', 'the loss');
    // Either the close or the refused reconnect names it; both say it is down.
    await until(() => /refused/.test(failureText(lab) ?? ''), 'a refused reconnect');
    expect(failureText(lab)).toMatch(/unreachable: connection refused/);
    server = await startAgent(port);
    await until(() => lab.status === 'connected', 'the reconnect');
    expect(failureText(lab)).toBeNull();
    const before = streams.length;
    await until(() => streams.length > before, 'streams after the reconnect');
    expect(await lab.call('system:info', {})).toMatchObject({ ok: true });
  });
});

describe('reconnect delays', () => {
  it('double from the first delay to the cap, and start over after a success', () => {
    const backoff = new Backoff(500, 10_000);
    const delays = Array.from({ length: 8 }, () => backoff.next());
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    backoff.reset();
    expect(backoff.next()).toBe(500);
  });
});

describe('the lab watching an agent', () => {
  let local: LabService;
  beforeEach(() => {
    local = new LabService({
      recordingsDir: join(root, 'local-recordings'),
      machines: { file: join(root, 'config', 'machines.json'), backoff: FAST },
    });
    local.start();
  });
  afterEach(() => local.dispose());

  async function addAgent(): Promise<string> {
    const added = await local.call('machine:add', {
      name: 'agent',
      url: `http://127.0.0.1:${server.port}/`,
      token: TOKEN,
    });
    expect(added.ok).toBe(true);
    const state = (added as { value: MachinesState }).value;
    const machine = state.machines.find((entry) => entry.name === 'agent');
    expect(machine?.url).toBe(`ws://127.0.0.1:${server.port}`);
    await until(async () => {
      const list = (await local.call('machine:list', {})) as { value: MachinesState };
      return list.value.machines.some(
        (entry) => entry.status === 'connected' && entry.id !== 'local',
      );
    }, 'the agent connected');
    return machine?.id ?? '';
  }

  it('routes calls and streams to the selected machine only', async () => {
    const id = await addAgent();
    const toViews: string[] = [];
    const localOnly: string[] = [];
    local.onStream((stream) => toViews.push(stream));
    local.onLocalStream((stream) => localOnly.push(stream));
    await local.call('machine:select', { id });
    // A call through the lab changes the agent, not this machine.
    expect(await local.call('sampling:set-interval', { intervalMs: 700 })).toMatchObject({
      ok: true,
    });
    expect(await agent.callLocal('sampling:get-state', {})).toMatchObject({
      ok: true,
      value: { intervalMs: 700 },
    });
    expect(await local.callLocal('sampling:get-state', {})).toMatchObject({
      ok: true,
      value: { intervalMs: 500 },
    });
    // Paused on the agent: this machine keeps sampling, but the views get none of it.
    expect(await local.call('sampling:pause', {})).toMatchObject({
      ok: true,
      value: { paused: true },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    toViews.length = 0;
    localOnly.length = 0;
    await until(
      () => localOnly.filter((stream) => stream === 'sample:cores').length >= 3,
      'local samples',
    );
    expect(toViews.filter((stream) => stream === 'sample:cores')).toEqual([]);
    // Back to this machine: its samples reach the views again.
    await local.call('machine:select', { id: 'local' });
    await until(() => toViews.includes('sample:cores'), 'local samples in the views');
  });

  it('never lets the token out: not in a list, a stream or a recording', async () => {
    const seen: string[] = [];
    local.onStream((stream, payload) => seen.push(JSON.stringify({ stream, payload })));
    expect((await local.callLocal('recording:start', {})) as { ok: boolean }).toMatchObject({
      ok: true,
    });
    const id = await addAgent();
    await local.call('machine:select', { id });
    // Recorded on the chosen machine (the agent) while it is watched.
    expect(await local.call('recording:start', {})).toMatchObject({
      ok: true,
      value: { active: true },
    });
    await until(
      () => seen.filter((text) => text.includes('"sample:cores"')).length >= 3,
      'samples',
    );
    expect(await local.call('recording:stop', {})).toMatchObject({
      ok: true,
      value: { active: false },
    });
    await local.call('machine:select', { id: 'local' });
    expect(await local.callLocal('recording:stop', {})).toMatchObject({ ok: true });
    const listed = JSON.stringify(await local.call('machine:list', {}));

    const recordings = ['agent-recordings', 'local-recordings'].flatMap((dir) =>
      readdirSync(join(root, dir)).map((name) => readFileSync(join(root, dir, name), 'utf8')),
    );
    expect(recordings.length).toBe(2);
    for (const text of recordings) expect(text).toContain('sample:cores');
    expect(seen.some((text) => text.includes('machine:state'))).toBe(true);
    for (const text of [...recordings, ...seen, listed]) expect(text).not.toContain(TOKEN);
    // It is in the one place it belongs.
    expect(readFileSync(join(root, 'config', 'machines.json'), 'utf8')).toContain(TOKEN);
  });
});
