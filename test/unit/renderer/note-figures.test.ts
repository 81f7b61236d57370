import { describe, expect, it } from 'vitest';
import type { ExperimentResult } from '../../../src/shared/experiment-results';
import type { CompareEntry, IpcResults } from '../../../src/shared/ipc-results';
import { noteFigures } from '../../../src/renderer/src/features/notes/note-figures';
import { topicsFor } from '../../../src/renderer/src/features/notes/topics';

const measurement = (p50Us: number) => ({
  bytesPerSec: 1,
  messagesPerSec: 1,
  p50Us,
  p99Us: p50Us * 2,
  lost: 0,
  corrupted: 0,
});

function entry(mechanism: CompareEntry['mechanism'], p50: number, bare: number): CompareEntry {
  return {
    mechanism,
    baseline: 'bare',
    available: true,
    throughput: null,
    roundTrip: { mechanism: measurement(p50), baseline: measurement(bare), ratio: bare / p50 },
  } as CompareEntry;
}

const ipc = (entries: CompareEntry[]): IpcResults => ({
  runs: [],
  producerConsumer: [],
  compares: [{ runId: 'c1', sizeBytes: 1024, durationMs: 500, status: 'completed', entries }],
  races: [
    [
      {
        mode: 'plain',
        workers: 4,
        iterations: 1000,
        expected: 4000,
        actual: 3100,
        lostUpdates: 900,
        elapsedMs: 5,
      },
      {
        mode: 'atomic',
        workers: 4,
        iterations: 1000,
        expected: 4000,
        actual: 4000,
        lostUpdates: 0,
        elapsedMs: 9,
      },
    ],
  ],
});

/** A finished run with just the fields the notes read. */
function result(model: string, speedup: number | null, extra: object = {}): ExperimentResult {
  return {
    status: 'ok',
    speedup,
    params: {
      model,
      workload: 'cpu',
      workers: 4,
      concurrency: 100,
      tasks: 8,
      submit: 'apply-async',
    },
    lanes: null,
    ...extra,
  } as unknown as ExperimentResult;
}

describe('the figures concept notes show', () => {
  it('show nothing before the lab has measured anything', () => {
    expect(noteFigures({ results: [], ipc: null })).toEqual({});
  });

  it('take the IPC costs and the switch bound from the newest compare, fastest first', () => {
    const figures = noteFigures({
      results: [],
      ipc: ipc([entry('unix-socket', 30, 25), entry('pipe', 20, 14)]),
    });
    expect(figures.ipcMechanisms?.['size']).toBe('1 KiB');
    expect(figures.ipcMechanisms?.['list']).toMatch(/^Anonymous pipe 20\.0 µs, Unix .*30\.0 µs$/);
    // The bare pipe's round trip: two switches plus two writes and reads, so half bounds one.
    expect(figures.contextSwitch).toEqual({ roundTrip: '14.0', half: '7.0' });
  });

  it('name the worst race and the newest Python-threads CPU run', () => {
    const figures = noteFigures({
      results: [result('python-threads', 0.97), result('python-processes', 1.9)],
      ipc: ipc([]),
    });
    expect(figures.locksRaces).toMatchObject({ lost: '900', expected: '4,000' });
    expect(figures.gil?.['speedup']).toBe('0.97');
    expect(figures.gil?.['run']).toMatch(/4 Python threads/);
  });

  it('read overlap and loop delay from the newest run that has them', () => {
    const lanes = { overlapShare: 0.5, loopDelay: { p50Ms: 1, p99Ms: 48.7, maxMs: 50, count: 9 } };
    const figures = noteFigures({ results: [result('node-async', 1, { lanes })], ipc: null });
    expect(figures.concurrencyParallelism?.['share']).toBe('50 %');
    expect(figures.eventLoop?.['p99']).toBe('49');
  });

  it('set the newest Event run’s release spread beside the newest Condition run’s', () => {
    const released = (workload: string, releaseSpreadMs: number): ExperimentResult => {
      const run = result('python-threads', 1, {
        python: { version: '3.11', gilEnabled: true, releaseSpreadMs },
      });
      return { ...run, params: { ...run.params, workload } } as ExperimentResult;
    };
    const only = noteFigures({ results: [released('event', 12)], ipc: null });
    expect(only.eventCondition).toBeUndefined(); // nothing to set it beside yet
    const both = noteFigures({
      results: [released('condition', 100), released('event', 12.4), released('condition', 241.6)],
      ipc: null,
    });
    expect(both.eventCondition).toEqual({ event: '12', condition: '242' });
  });

  it('list the notes about the open tab first, and every other note after them', () => {
    const { here, others } = topicsFor('ipc');
    expect(here.map((topic) => topic.id)).toContain('locksRaces');
    expect(here.length + others.length).toBeGreaterThan(9);
    expect(here.filter((topic) => others.includes(topic))).toEqual([]);
  });
});
