import { describe, expect, it } from 'vitest';
import {
  encodeHeader,
  encodeRecord,
  parseSession,
  SessionFileError,
  type SessionHeader,
} from '../../../../src/shared/session-format';

const header: SessionHeader = {
  format: 'concurrency-lab-session',
  version: 1,
  appVersion: '0.1.0',
  createdAt: '2026-11-21T10:00:00.000Z',
  startedAtMs: 1_795_000_000_000,
  machine: { cpuModel: 'Test CPU', logicalCores: 2, os: 'Linux', totalMemoryBytes: 1024 },
  sampling: { intervalMs: 500, paused: false },
};
const cores = (t: number): string =>
  encodeRecord({
    t,
    stream: 'sample:cores',
    payload: {
      time: header.startedAtMs + t,
      monotonicMs: t,
      elapsedMs: 500,
      cores: [10, 20],
      total: 15,
    },
  });

/** The error parseSession throws for `text`. */
function errorOf(text: string): SessionFileError {
  try {
    parseSession(text);
  } catch (error) {
    if (error instanceof SessionFileError) return error;
    throw error;
  }
  throw new Error('parseSession accepted the text');
}

describe('the session file format', () => {
  it('round-trips a header and records', () => {
    const session = parseSession(encodeHeader(header) + cores(0) + cores(500));
    expect(session.header).toEqual(header);
    expect(session.records.map((record) => record.t)).toEqual([0, 500]);
    expect(session.interrupted).toBe(false);
  });

  it('reads experiment results with and without the baseline flag', () => {
    const result = (t: number, extra: object): string =>
      encodeRecord({
        t,
        stream: 'experiment:result',
        payload: {
          runId: `run-${t}`,
          params: { model: 'node-sequential', workload: 'cpu', workers: 1 },
          status: 'ok',
          error: null,
          startedAt: header.startedAtMs,
          wallMs: 10,
          cpuMs: 10,
          coresBusy: 1,
          speedup: 1,
          efficiency: 1,
          tasksPerSec: 100,
          logicalCores: 2,
          conclusion: 'ran',
          ...extra,
        } as never,
      });
    // A recording made before the flag existed has none: its runs read as not baselines.
    const session = parseSession(
      encodeHeader(header) + result(1, {}) + result(2, { isBaseline: true }),
    );
    expect(session.records.map((r) => (r.payload as { isBaseline?: unknown }).isBaseline)).toEqual([
      false,
      true,
    ]);
    expect(errorOf(encodeHeader(header) + result(1, { isBaseline: 'yes' }))).toMatchObject({
      line: 2,
      field: 'payload.isBaseline',
    });
  });

  it('refuses an empty file', () => {
    expect(errorOf('').message).toBe('line 1: the file is empty');
  });

  it('refuses a file that is not a session', () => {
    expect(errorOf('hello\n').message).toContain('line 1: not a Concurrency Lab session');
    expect(errorOf('{"format":"other"}\n')).toMatchObject({ line: 1, field: 'format' });
  });

  it('names an unknown version', () => {
    const future = encodeHeader({ ...header, version: 7 });
    expect(errorOf(future).message).toBe(
      'line 1, field "version": unknown format version 7 (this app reads version 1)',
    );
  });

  it('names the line and field of a bad record', () => {
    const badField =
      encodeHeader(header) + cores(0) + '{"t":-1,"stream":"sample:cores","payload":{}}\n';
    expect(errorOf(badField)).toMatchObject({ line: 3, field: 't' });
    const badStream = encodeHeader(header) + '{"t":1,"stream":"shell:exec","payload":{}}\n';
    expect(errorOf(badStream).message).toBe('line 2, field "stream": unknown stream "shell:exec"');
    const backwards = encodeHeader(header) + cores(500) + cores(100);
    expect(errorOf(backwards)).toMatchObject({ line: 3, field: 't' });
  });

  it('refuses a damaged line in the middle', () => {
    const damaged = encodeHeader(header) + cores(0) + '{"t":5,"str\n' + cores(900);
    expect(errorOf(damaged).message).toBe('line 3: not valid JSON (the file is damaged)');
  });

  it('reads a recording cut off mid-line up to its last whole record, and says so', () => {
    const full = encodeHeader(header) + cores(0) + cores(500);
    const cut = full + cores(1000).slice(0, 20);
    const session = parseSession(cut);
    expect(session.records).toHaveLength(2);
    expect(session.interrupted).toBe(true);
    expect(session.warnings[0]).toContain('line 4 is incomplete');
  });
});
