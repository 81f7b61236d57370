import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RemoteLab } from '../../../src/core/machines/remote-lab';
import { LabService } from '../../../src/core/service';
import { startLabServer, type LabServer } from '../../../src/server/lab-server';
import { RequestError } from '../../../src/shared/field-issues';
import {
  clipLabMessage,
  formatLabMessage,
  isLabMessage,
  LAB_MESSAGES,
  type LabMessage,
} from '../../../src/shared/lab-messages';
import type { ProcessActionResult, ProcessSettings } from '../../../src/shared/process-actions';
import { requireMachine } from '../support/machine';
import { Children, waitFor } from '../support/os-helpers';
import { call, openClient, startServeChild, type ServeChild } from '../server/ws-harness';

/**
 * The lab's sentences travel as key and values (`said`) beside the English, so the page can word
 * them in its language: real refusals of the real lab, over every transport a page meets.
 */

const stateOf = (pid: number): string => {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[0] ?? '';
};

const children = new Children();
afterEach(async () => children.killAll());

/** A `sleep 60`, as nobody when `asNobody`, asleep before it is acted on. */
async function sleeper(asNobody: boolean): Promise<number> {
  const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  const child = asNobody
    ? children.start('setpriv', [...nobody, 'sleep', '60'])
    : children.start('sleep', ['60']);
  const pid = child.pid ?? 0;
  await waitFor(
    () => readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep' && stateOf(pid) === 'S',
  );
  return pid;
}

/** What nobody's uid is called here (the lab names the user as the password file does). */
const NOBODY = /^([^:]+):[^:]*:65534:/m.exec(readFileSync('/etc/passwd', 'utf8'))?.[1] ?? '65534';

describe('what the lab says, as key and values', () => {
  let service: LabService;
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lab-said-'));
    // 1 MiB free: every run is refused for memory, the refusal a learner meets first.
    service = new LabService({
      recordingsDir: join(root, 'recordings'),
      machines: { file: join(root, 'machines.json') },
      experiments: { availableMemoryBytes: () => 1024 * 1024 },
    });
  });
  afterAll(async () => {
    await service.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it("refuses another user's process with a sentence that names the pid and user", async ({
    skip,
  }) => {
    requireMachine(skip, 'linux', 'setpriv', 'root');
    const pid = await sleeper(true);
    const answer = await service.call('process:signal', { pid, signal: 'SIGSTOP' });
    expect(answer).toEqual({
      ok: false,
      error: `process:signal: ${formatLabMessage({ key: 'otherUser', values: { pid, user: NOBODY } })}`,
      said: { key: 'otherUser', values: { pid, user: NOBODY } },
    });
    expect(stateOf(pid)).toBe('S');
    const settings = await service.call('process:get-settings', { pid });
    const found = settings.ok ? (settings.value as ProcessSettings) : null;
    expect(found?.refusedSaid).toEqual({ key: 'otherUser', values: { pid, user: NOBODY } });
    expect(found?.refused).toBe(formatLabMessage(found?.refusedSaid as LabMessage));
  });

  it('says what a signal did, with the state it reads in /proc in words', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const pid = await sleeper(false);
    const answer = await service.call('process:signal', { pid, signal: 'SIGSTOP' });
    const result = answer.ok ? (answer.value as ProcessActionResult) : null;
    expect(stateOf(pid)).toBe('T');
    expect(result?.said).toEqual({
      key: 'signalSent',
      values: {
        signal: 'SIGSTOP',
        name: 'sleep',
        pid,
        now: { key: 'stateNow', values: { state: 'T', words: { key: 'stateT', values: {} } } },
      },
    });
    expect(result?.message).toBe(
      `Sent SIGSTOP to sleep (PID ${pid}): its state is now T (stopped).`,
    );
  });

  it('refuses a run too big for memory, the run number and figures as values', async () => {
    const answer = await service.call('experiment:start', {
      runs: [{ workload: 'cpu', model: 'node-process-pool', workers: 64, tasks: 64 }],
    });
    expect(answer.ok).toBe(false);
    const said = answer.ok ? undefined : answer.said;
    expect(said).toMatchObject({
      key: 'runRefused',
      values: { run: 1, why: { key: 'memoryRefused', values: { workers: 64, available: '0.0' } } },
    });
    expect(!answer.ok && answer.error).toBe(`experiment:start: ${formatLabMessage(said!)}`);
  });

  it('refuses an export before any recording, and a field refusal carries no sentence', async () => {
    expect(await service.call('recording:export', { format: 'csv' })).toMatchObject({
      ok: false,
      said: { key: 'nothingToExport', values: {} },
    });
    const bad = await service.call('process:signal', { pid: 1, signal: 'SIGWHAT' });
    expect(bad.ok === false && 'said' in bad).toBe(false);
  });
});

describe('a sentence crossing a transport', () => {
  it('crosses the real serve-mode WebSocket, and the page keeps it on its error', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux', 'setpriv', 'root');
    const pid = await sleeper(true);
    let serve: ServeChild | null = null;
    try {
      serve = await startServeChild();
      const socket = await openClient(serve.port, serve.token);
      const frame = await call(socket, 1, 'process:renice', { pid, nice: 5 });
      socket.close();
      const said = { key: 'otherUser', values: { pid, user: NOBODY } };
      expect(frame).toMatchObject({ type: 'result', id: 1, ok: false, said });
      // What ws-client does with the frame: the error keeps the sentence as well as the English.
      const error = RequestError.of(
        'error' in frame ? frame.error : '',
        undefined,
        'said' in frame ? frame.said : undefined,
      );
      expect(error).toBeInstanceOf(RequestError);
      expect((error as RequestError).said).toEqual(said);
      expect(error.message).toContain(`PID ${pid} belongs to ${NOBODY}`);
    } finally {
      await serve?.stop();
    }
  });

  it('crosses the link to another machine (an agent)', async ({ skip }) => {
    requireMachine(skip, 'linux', 'setpriv', 'root');
    const pid = await sleeper(true);
    const root = mkdtempSync(join(tmpdir(), 'lab-said-agent-'));
    const agent = new LabService({
      recordingsDir: join(root, 'recordings'),
      machines: { file: join(root, 'machines.json') },
    });
    const token = 'lab-messages-test-token-7hQpX2';
    let server: LabServer | null = null;
    let lab: RemoteLab | null = null;
    try {
      server = await startLabServer({ service: agent, port: 0, token, allowMissingOrigin: true });
      const remote = new RemoteLab({
        url: `ws://127.0.0.1:${server.port}`,
        token,
        onStream: () => undefined,
        onStatus: () => undefined,
      });
      lab = remote;
      await waitFor(() => remote.status === 'connected');
      expect(await remote.call('process:affinity', { pid, cpus: [0] })).toMatchObject({
        ok: false,
        said: { key: 'otherUser', values: { pid, user: NOBODY } },
      });
    } finally {
      lab?.close();
      await server?.close();
      await agent.dispose();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('checking a sentence by hand, as the page must', () => {
  it('takes a well-formed one and refuses unknown keys, bad values and deep nesting', () => {
    expect(isLabMessage({ key: 'noProcess', values: { pid: 4 } })).toBe(true);
    expect(isLabMessage({ key: 'toString', values: {} })).toBe(false);
    expect(isLabMessage({ key: 'noProcess', values: { pid: { evil: true } } })).toBe(false);
    expect(isLabMessage({ key: 'noProcess', values: { pid: 'x'.repeat(301) } })).toBe(false);
    expect(isLabMessage({ key: 'noProcess', values: [] })).toBe(false);
    let deep: LabMessage = { key: 'unknown', values: {} };
    for (let i = 0; i < 5; i += 1) deep = { key: 'runRefused', values: { run: 1, why: deep } };
    expect(isLabMessage(deep)).toBe(false);
  });

  it('clips a huge value the way the English error is clipped', () => {
    const clipped = clipLabMessage({ key: 'alreadyRecording', values: { path: 'p'.repeat(5000) } });
    expect(isLabMessage(clipped)).toBe(true);
    expect(String(clipped?.values['path']).length).toBe(300);
  });

  it('every English sentence fills in only values it names', () => {
    for (const [key, text] of Object.entries(LAB_MESSAGES)) {
      const names = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '');
      const values = Object.fromEntries(names.map((name) => [name, `<${name}>`]));
      const filled = formatLabMessage({ key: key as keyof typeof LAB_MESSAGES, values });
      expect(filled, key).not.toContain('{{');
    }
  });
});
