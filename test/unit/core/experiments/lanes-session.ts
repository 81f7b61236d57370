import type { ParsedSession, SessionRecord } from '../../../../src/shared/session-format';

/** A recording holding `records`, begun at 1000 ms since the epoch. */
export function sessionOf(records: SessionRecord[]): ParsedSession {
  return {
    header: {
      format: 'concurrency-lab-session',
      version: 1,
      appVersion: '0',
      createdAt: '',
      startedAtMs: 1000,
      machine: { cpuModel: 'x', logicalCores: 2, os: 'Linux', totalMemoryBytes: 1 },
      sampling: { intervalMs: 500, paused: false },
    },
    records,
    interrupted: false,
    warnings: [],
  } as ParsedSession;
}
