import { describe, expect, it } from 'vitest';
import {
  experimentStartSchema,
  experimentPythonSchema,
} from '../../../../src/shared/experiment-params';
import { describeIssues } from '../../../../src/shared/validation';

function refusal(run: Record<string, unknown>): string {
  const parsed = experimentStartSchema.safeParse({
    runs: [{ workload: 'cpu', model: 'node-worker-pool', ...run }],
  });
  if (parsed.success) throw new Error(`accepted ${JSON.stringify(run)}`);
  return describeIssues(parsed.error);
}

describe('experiment parameters', () => {
  it('accepts a minimal run and fills in defaults (workers stay open: the lab uses its cores)', () => {
    const parsed = experimentStartSchema.parse({
      runs: [{ workload: 'cpu', model: 'node-sequential' }],
    });
    expect(parsed.runs[0]).toMatchObject({ tasks: 64, submit: 'apply-async', timeoutS: 120 });
    expect(parsed.runs[0]?.workers).toBeUndefined();
  });

  it('refuses out-of-range numbers with the bound and the value', () => {
    expect(refusal({ workers: 0 })).toBe('runs.0.workers: workers must be at least 1 (got 0)');
    expect(refusal({ workers: 257 })).toBe('runs.0.workers: workers must be at most 256 (got 257)');
    expect(refusal({ tasks: 0 })).toContain('tasks: tasks must be at least 1 (got 0)');
    expect(refusal({ tasks: 1_000_001 })).toContain('tasks must be at most 1000000 (got 1000001)');
    expect(refusal({ timeoutS: 601 })).toContain(
      'timeoutS: run time limit must be at most 600 s (got 601 s)',
    );
    expect(refusal({ latencyMs: -1 })).toContain(
      'latencyMs: wait per task must be at least 0 ms (got -1 ms)',
    );
    expect(refusal({ workers: 2.5 })).toContain('workers: workers must be a whole number');
    expect(refusal({ workers: '4' })).toContain('workers: workers must be a number');
  });

  it('refuses unknown models, workloads and fields', () => {
    expect(refusal({ model: 'fibers' })).toContain('runs.0.model: must be one of node-sequential');
    expect(refusal({ workload: 'gpu' })).toContain('runs.0.workload: must be one of cpu');
    expect(refusal({ colour: 'red' })).toMatch(/colour/);
  });

  it('refuses runs that could not finish or would start too many processes', () => {
    expect(refusal({ model: 'node-process-per-task', tasks: 20_000 })).toContain(
      'one process per task allows at most 10000 tasks',
    );
    expect(
      refusal({
        model: 'node-sequential',
        workload: 'timer',
        tasks: 1000,
        latencyMs: 1000,
        timeoutS: 60,
      }),
    ).toContain('take at least 1000 s, more than the run time limit of 60 s');
    expect(refusal({ crashAtTask: 64, tasks: 64 })).toContain(
      'crashAtTask: must be below the task count 64',
    );
  });

  it('bounds the queue and the python path', () => {
    const many = Array.from({ length: 21 }, () => ({ workload: 'cpu', model: 'node-sequential' }));
    const parsed = experimentStartSchema.safeParse({ runs: many });
    expect(parsed.success).toBe(false);
    expect(experimentPythonSchema.safeParse({ path: '' }).success).toBe(false);
    expect(experimentPythonSchema.safeParse({ path: null }).success).toBe(true);
  });
});
