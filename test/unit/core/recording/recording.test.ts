import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../../src/core/paths';
import { LabService } from '../../../../src/core/service';
import type { RecordingState } from '../../../../src/shared/recording';
import { parseSession } from '../../../../src/shared/session-format';
import type { TraceEvent } from '../../../../src/core/recording/export-trace';
import { exportSessionFile } from '../../../../src/core/recording/export-session';
import { traceProblems } from '../../support/trace-checker';

const cli = join(__dirname, '../../../../src/cli/index.ts');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recording a session', () => {
  let dir: string;
  let service: LabService | undefined;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'lab-recording-'))));
  afterEach(async () => {
    await service?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes what was streamed, in order, after a versioned header', async () => {
    service = new LabService({ recordingsDir: dir });
    const streamed: { stream: string; payload: unknown }[] = [];
    await service.call('sampling:set-interval', { intervalMs: 100 });
    service.start();
    const started = await service.call('recording:start', {});
    expect(started).toMatchObject({ ok: true, value: { active: true } });
    service.onStream((stream, payload) => {
      if (!stream.startsWith('recording:'))
        streamed.push({ stream, payload: JSON.parse(JSON.stringify(payload)) });
    });
    await sleep(1200);
    await service.call('sampling:pause', {});
    const stopped = (await service.call('recording:stop', {})) as {
      ok: true;
      value: RecordingState;
    };
    expect(stopped.value.active).toBe(false);
    const path = stopped.value.lastPath ?? '';
    expect(path.startsWith(dir)).toBe(true);

    const session = parseSession(await readFile(path, 'utf8'));
    expect(session.header).toMatchObject({ format: 'concurrency-lab-session', version: 1 });
    expect(session.header.machine.logicalCores).toBeGreaterThan(0);
    // Everything streamed since our listener was attached is the file's tail, in order.
    const recorded = session.records.map(({ stream, payload }) => ({ stream, payload }));
    expect(streamed.length).toBeGreaterThanOrEqual(5);
    expect(recorded.slice(recorded.length - streamed.length)).toEqual(streamed);
    expect((await stat(path)).size).toBe(stopped.value.bytes);
  });

  it('records 5 s while an experiment runs: the file holds exactly what was streamed', async () => {
    service = new LabService({ recordingsDir: dir });
    const streamed: { stream: string; payload: unknown }[] = [];
    await service.call('sampling:set-interval', { intervalMs: 200 });
    service.start();
    await service.call('recording:start', {});
    service.onStream((stream, payload) => {
      if (!stream.startsWith('recording:'))
        streamed.push({ stream, payload: JSON.parse(JSON.stringify(payload)) });
    });
    const started = await service.call('experiment:start', {
      runs: [
        {
          workload: 'timer',
          model: 'node-worker-pool',
          workers: 2,
          tasks: 60,
          latencyMs: 100,
          baseline: 'skip',
        },
      ],
    });
    expect(started.ok).toBe(true);
    await sleep(5000);
    await service.call('sampling:pause', {});
    await service.call('experiment:stop', {});
    await sleep(300); // let the stop's events arrive
    const stopped = (await service.call('recording:stop', {})) as {
      ok: true;
      value: RecordingState;
    };
    const session = parseSession(await readFile(stopped.value.lastPath ?? '', 'utf8'));
    // Records made before our listener was attached (the start-up snapshot) come first.
    const recorded = session.records.map(({ stream, payload }) => ({ stream, payload }));
    expect(recorded.slice(recorded.length - streamed.length)).toEqual(streamed);
    const streams = new Set(recorded.map((record) => record.stream));
    for (const name of [
      'sample:cores',
      'sample:threads',
      'experiment:event',
      'experiment:result',
    ]) {
      expect(streams).toContain(name);
    }

    // Its trace: valid, with the experiment's threads as tracks and its events as instants.
    const [tracePath] = await exportSessionFile(stopped.value.lastPath ?? '', 'trace');
    const { traceEvents } = JSON.parse(await readFile(tracePath ?? '', 'utf8')) as {
      traceEvents: TraceEvent[];
    };
    expect(traceProblems(traceEvents)).toEqual([]);
    expect(traceEvents.some((e) => e.cat === 'thread-state')).toBe(true);
    expect(traceEvents.some((e) => e.ph === 'i' && e.name.startsWith('run-start'))).toBe(true);
    const threadNames = traceEvents
      .filter((e) => e.name === 'thread_name')
      .map((e) => String(e.args?.['name']));
    // Workers name their own threads, and the trace carries those names.
    expect(threadNames.some((name) => /-w\d+$/.test(name))).toBe(true);
  });

  it('refuses a second recording while one runs, and exports the last one', async () => {
    service = new LabService({ recordingsDir: dir });
    await service.call('sampling:set-interval', { intervalMs: 100 });
    service.start();
    await service.call('recording:start', {});
    expect(await service.call('recording:start', {})).toMatchObject({
      ok: false,
      error: expect.stringContaining('already recording'),
    });
    await sleep(400);
    await service.call('recording:stop', {});
    const exported = await service.call('recording:export', { format: 'trace' });
    expect(exported).toMatchObject({ ok: true });
    const paths = (exported as { value: { paths: string[] } }).value.paths;
    expect(paths).toHaveLength(1);
    expect(JSON.parse(await readFile(paths[0] ?? '', 'utf8'))).toHaveProperty('traceEvents');
    expect(await service.call('recording:export', { format: 'pdf' })).toMatchObject({
      ok: false,
      error: 'recording:export: format: must be one of csv, json, trace (got "pdf")',
    });
    // Atomic writes leave no temp files behind.
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('survives SIGKILL: the file reads up to the last flush', async () => {
    const out = join(dir, 'killed.ndjson');
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsxLoaderUrl(),
        cli,
        'record',
        '--seconds',
        '60',
        '--out',
        out,
        '--interval',
        '100',
      ],
      {
        stdio: 'ignore',
      },
    );
    try {
      // Wait until several records reached the disk, then kill without warning.
      for (let i = 0; i < 100; i += 1) {
        if (existsSync(out) && (await readFile(out, 'utf8')).split('\n').length > 6) break;
        await sleep(100);
      }
    } finally {
      child.kill('SIGKILL');
    }
    await new Promise((resolve) => child.once('exit', resolve));
    const session = parseSession(await readFile(out, 'utf8'));
    expect(session.records.length).toBeGreaterThan(4);
  });
});
