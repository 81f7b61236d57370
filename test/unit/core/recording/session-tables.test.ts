import { describe, expect, it } from 'vitest';
import { coreTable } from '../../../../src/core/recording/session-tables';
import type { ParsedSession, SessionRecord } from '../../../../src/shared/session-format';

describe('the CSV tables', () => {
  it('handle a recording of hours (more samples than a function takes arguments)', () => {
    const records: SessionRecord[] = Array.from({ length: 200_000 }, (_, i) => ({
      t: i * 100,
      stream: 'sample:cores',
      payload: { time: i * 100, monotonicMs: i * 100, elapsedMs: 100, cores: [10, 30], total: 20 },
    }));
    const session = { records } as unknown as ParsedSession;
    const table = coreTable(session);
    expect(table.columns).toEqual([
      't_ms',
      'time',
      'cpu0_busy_percent',
      'cpu1_busy_percent',
      'total_busy_percent',
    ]);
    expect(table.rows).toHaveLength(200_000);
    expect(table.rows[199_999]?.slice(2)).toEqual([10, 30, 20]);
  });
});
