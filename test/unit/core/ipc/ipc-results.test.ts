import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamEmitter } from '../../../../src/core/feature';
import { createIpcFeature } from '../../../../src/core/ipc/lab/ipc-feature';
import { LabService } from '../../../../src/core/service';
import { TrackedProcesses } from '../../../../src/core/tracked-processes';
import type { IpcResultEvent, IpcResults } from '../../../../src/shared/ipc-results';
import type { IpcRunRequest } from '../../../../src/shared/ipc-requests';
import { childPids } from '../../support/ipc-helpers';

/** A mechanism run of a few hundred messages: over in well under a second. */
const SHORT_RUN: IpcRunRequest = {
  mechanism: 'unix-socket',
  mode: 'throughput',
  sizeBytes: 2048,
  count: 300,
  producers: 1,
};

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
  expect(childPids()).toEqual([]);
});

describe('IPC results kept by the lab', () => {
  it('answers ipc:results with a finished run, as a reloaded page asks for it', async () => {
    const recordings = mkdtempSync(join(tmpdir(), 'lab-ipc-results-'));
    const service = new LabService({ recordingsDir: recordings });
    cleanup = async () => {
      await service.dispose();
      rmSync(recordings, { recursive: true, force: true });
    };
    const streamed = new Promise<IpcResultEvent>((resolve) =>
      service.onStream((stream, payload) => {
        if (stream === 'ipc:result') resolve(payload as IpcResultEvent);
      }),
    );
    expect((await service.call('ipc:start', SHORT_RUN)).ok).toBe(true);
    const event = await streamed;
    const answer = await service.call('ipc:results', {});
    expect(answer.ok).toBe(true);
    const kept = (answer.ok ? answer.value : null) as IpcResults;
    expect(event.kind).toBe('run');
    expect(kept.runs.map((run) => run.runId)).toEqual([event.result.runId]);
    expect(kept.runs[0]?.correctness).toMatchObject({ sent: 300, received: 300 });
    expect(kept).toMatchObject({ producerConsumer: [], compares: [], races: [] });
  });

  it('keeps only the newest results of a kind, oldest dropped first', async () => {
    const finished: string[] = [];
    let onIdle: () => void = () => undefined;
    const emit: StreamEmitter = (stream, payload) => {
      if (stream === 'ipc:result') finished.push((payload as IpcResultEvent).result.runId);
      if (stream === 'ipc:state' && (payload as { active: unknown }).active === null) onIdle();
    };
    const feature = createIpcFeature(emit, new TrackedProcesses(), { keptResults: 2 });
    cleanup = async () => feature.dispose?.();
    for (let run = 0; run < 3; run += 1) {
      const idle = new Promise<void>((resolve) => (onIdle = resolve));
      await feature.handlers['ipc:start'](SHORT_RUN);
      await idle;
    }
    expect(finished).toHaveLength(3);
    const kept = await feature.handlers['ipc:results']({});
    expect(kept.runs.map((run) => run.runId)).toEqual(finished.slice(1));
  });
});
