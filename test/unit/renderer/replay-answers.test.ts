import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabService } from '../../../src/core/service';
import type { CallChannel, CallResponses } from '../../../src/shared/contract';
import type { ExperimentResult } from '../../../src/shared/experiment-results';
import type { PythonStatus } from '../../../src/shared/experiment-params';
import type { IpcResultEvent } from '../../../src/shared/ipc-results';
import type { RecordedSession, RecordingState } from '../../../src/shared/recording';
import {
  parseSession,
  SESSION_FORMAT,
  SESSION_FORMAT_VERSION,
  type ParsedSession,
  type SessionRecord,
} from '../../../src/shared/session-format';
import { ReplayLabClient } from '../../../src/renderer/src/features/replay/replay-client';
import { PYTHON_NOT_RECORDED } from '../../../src/renderer/src/features/replay/replay-lab-answers';
import { childPids } from '../support/ipc-helpers';

/** Calls the service and unwraps its answer (a failed call fails the test with its message). */
async function call<C extends CallChannel>(
  service: LabService,
  channel: C,
  request: unknown,
): Promise<CallResponses[C]> {
  const result = await service.call(channel, request);
  if (!result.ok) throw new Error(result.error);
  return result.value as CallResponses[C];
}

/** Waits for the first payload on `stream` that `accept` takes. */
function next<T>(service: LabService, stream: string, accept: (payload: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const stop = service.onStream((name, payload) => {
      if (name === stream && accept(payload as T)) {
        stop();
        resolve(payload as T);
      }
    });
  });
}

/** The index of the first record on `stream` that `match` takes. */
function indexOf(
  session: ParsedSession,
  stream: string,
  match: (record: SessionRecord) => boolean,
): number {
  return session.records.findIndex((record) => record.stream === stream && match(record));
}

describe('replaying a real recording: the calls every tab makes answer as of the position', () => {
  let dir: string;
  let service: LabService;
  let session: ParsedSession;
  let recorded: RecordedSession;
  let result: ExperimentResult;
  let ipcRunId: string;
  let livePython: PythonStatus;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lab-replay-answers-'));
    service = new LabService({ recordingsDir: dir });
    await call(service, 'sampling:set-interval', { intervalMs: 200 });
    service.start();
    const before = await service.call('recording:read-last', {});
    expect(before).toEqual({
      ok: false,
      error: 'recording:read-last: nothing to replay yet: record a session first',
      said: { key: 'nothingToReplay', values: {} },
    });
    await call(service, 'recording:start', {});
    livePython = await call(service, 'experiment:python-status', {});
    const finished = next<ExperimentResult>(service, 'experiment:result', () => true);
    await call(service, 'experiment:start', {
      runs: [{ workload: 'cpu', model: 'node-sequential', tasks: 8, cpuSize: 20_000 }],
    });
    result = await finished;
    const ipcDone = next<IpcResultEvent>(service, 'ipc:result', (event) => event.kind === 'run');
    await call(service, 'ipc:start', {
      mechanism: 'unix-socket',
      mode: 'throughput',
      sizeBytes: 2048,
      count: 300,
      producers: 1,
    });
    ipcRunId = (await ipcDone).result.runId;
    await next<{ active: unknown }>(service, 'ipc:state', (state) => state.active === null);
    const stopped: RecordingState = await call(service, 'recording:stop', {});
    recorded = await call(service, 'recording:read-last', {});
    expect(recorded.text).toBe(readFileSync(stopped.lastPath ?? '', 'utf8'));
    expect(recorded.name).toBe(stopped.lastPath?.split('/').pop());
    session = parseSession(recorded.text);
  });

  afterAll(async () => {
    await service.dispose();
    rmSync(dir, { recursive: true, force: true });
    expect(childPids()).toEqual([]);
  });

  it('lists an experiment result only from the position it was streamed at', async () => {
    const client = new ReplayLabClient(session);
    const at = indexOf(session, 'experiment:result', (r) => {
      return (r.payload as ExperimentResult).runId === result.runId;
    });
    const t = session.records[at]?.t ?? -1;
    // Just before the result's record (another record may share its millisecond: skip those).
    client.seek(t - 0.001);
    expect(await client.call('experiment:list-results', {})).toEqual([]);
    client.seek(t);
    const listed = await client.call('experiment:list-results', {});
    expect(listed.map((r) => r.runId)).toEqual([result.runId]);
    expect(listed[0]).toEqual(session.records[at]?.payload);
    expect(listed[0]).toEqual(JSON.parse(JSON.stringify(result)));
  });

  it('shows the run in progress at a position while it ran, and its events', async () => {
    const client = new ReplayLabClient(session);
    const running = indexOf(session, 'experiment:state', (r) => {
      const state = r.payload as { running: { runId: string } | null };
      return state.running?.runId === result.runId;
    });
    expect(running).toBeGreaterThan(0);
    client.seek(session.records[running]?.t ?? -1);
    const state = await client.call('experiment:get-state', {});
    expect(state.running?.runId).toBe(result.runId);
    // A tab opened at a position mid-run gets the run's progress as of then, without playing.
    const progressAt = indexOf(session, 'experiment:progress', (r) => {
      return (r.payload as { runId: string }).runId === result.runId;
    });
    expect(progressAt).toBeGreaterThan(0);
    client.seek(session.records[progressAt]?.t ?? -1);
    const shown: unknown[] = [];
    client.subscribe('experiment:progress', (progress) => shown.push(progress));
    await Promise.resolve();
    expect(shown).toEqual([session.records[progressAt]?.payload]);
    client.seek(session.records.at(-1)?.t ?? 0);
    expect((await client.call('experiment:get-state', {})).running).toBeNull();
    const events = await client.call('experiment:events', { runId: result.runId });
    expect(events.map((event) => event.kind)).toEqual(
      expect.arrayContaining(['run-start', 'run-stop']),
    );
  });

  it('answers Python as recorded, from the very start of the replay', async () => {
    // The recording opens with the lab's state (idle here), before anything was started.
    const first = (stream: string) => session.records.find((r) => r.stream === stream)?.payload;
    expect(first('experiment:state')).toMatchObject({ running: null, queued: 0 });
    expect(first('ipc:state')).toEqual({ active: null });
    const client = new ReplayLabClient(session);
    client.seek(0);
    for (const python of [
      await client.call('experiment:python-status', {}),
      (await client.call('experiment:get-state', {})).python,
    ]) {
      expect(python).toMatchObject({
        available: livePython.available,
        path: livePython.path,
        version: livePython.version,
      });
    }
  });

  it('answers the IPC job, its mechanisms and its result as of the position', async () => {
    const client = new ReplayLabClient(session);
    const active = indexOf(session, 'ipc:state', (r) => {
      return (r.payload as { active: { runId: string } | null }).active?.runId === ipcRunId;
    });
    client.seek(session.records[active]?.t ?? -1);
    expect((await client.call('ipc:state', {})).active).toMatchObject({ runId: ipcRunId });
    client.seek(session.records.at(-1)?.t ?? 0);
    expect(await client.call('ipc:state', {})).toEqual({ active: null });
    expect((await client.call('ipc:results', {})).runs.map((run) => run.runId)).toEqual([ipcRunId]);
    const mechanisms = await client.call('ipc:mechanisms', {});
    expect(mechanisms.find((m) => m.id === 'unix-socket')).toMatchObject({ available: true });
  });
});

describe('replaying a recording made before the lab recorded its state', () => {
  const header = {
    format: SESSION_FORMAT,
    version: SESSION_FORMAT_VERSION,
    appVersion: '0.0.0',
    createdAt: new Date(0).toISOString(),
    startedAtMs: 0,
    machine: { cpuModel: 'test', logicalCores: 3, os: 'linux', totalMemoryBytes: 1 },
    sampling: { intervalMs: 500, paused: false },
  };
  const old = parseSession(
    `${JSON.stringify(header)}\n` +
      `${JSON.stringify({ t: 5, stream: 'sampling:state', payload: { intervalMs: 500, paused: false } })}\n`,
  );

  it('still opens, and says Python was not recorded instead of leaving it unknown', async () => {
    const client = new ReplayLabClient(old);
    client.seek(5);
    expect(await client.call('experiment:get-state', {})).toEqual({
      running: null,
      queued: 0,
      logicalCores: 3,
      python: PYTHON_NOT_RECORDED,
    });
    expect(await client.call('experiment:python-status', {})).toEqual(PYTHON_NOT_RECORDED);
    expect(await client.call('experiment:list-results', {})).toEqual([]);
    expect(await client.call('ipc:mechanisms', {})).toEqual([]);
    expect(await client.call('ipc:state', {})).toEqual({ active: null });
  });

  it('refuses a header whose mechanism list is malformed, naming the field', () => {
    expect(() =>
      parseSession(`${JSON.stringify({ ...header, ipcMechanisms: [{ id: 1 }] })}\n`),
    ).toThrow(/line 1, field "ipcMechanisms\.0\.id"/);
  });
});
