import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRequest } from '../../../src/shared/contract';
import {
  issueText,
  issuesOf,
  RequestError,
  type FieldIssue,
} from '../../../src/shared/field-issues';
import { fieldLabel } from '../../../src/shared/field-labels';
import { parseOrThrow } from '../../../src/shared/validation';

/** The plain sentences of a request the contract refuses ([] when it is accepted). */
function refusal(channel: Parameters<typeof parseRequest>[0], request: unknown): string[] {
  const checked = parseRequest(channel, request);
  return checked.ok ? [] : (checked.issues ?? []).map(issueText);
}

const run = { workload: 'cpu', model: 'node-worker-pool' };

describe('refused requests in plain words', () => {
  it('names an experiment field by its form label, not its path, and keeps the old error', () => {
    const checked = parseRequest('experiment:start', { runs: [{ ...run, tasks: 0 }] });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.issues).toEqual([
      { path: ['runs', 0, 'tasks'], label: 'Tasks', message: 'at least 1' },
    ]);
    // Old clients (the CLI, agents) read only `error`: it stays as it was.
    expect(checked.error).toBe('experiment:start: runs.0.tasks: tasks must be at least 1 (got 0)');
    expect(refusal('experiment:start', { runs: [{ ...run, workers: 300 }] })).toEqual([
      'Workers: at most 256',
    ]);
    expect(refusal('experiment:start', { runs: [{ ...run, tasks: null }] })).toEqual([
      'Tasks: must be a number',
    ]);
    expect(refusal('experiment:start', { runs: [{ ...run, tasks: 2.5 }] })).toEqual([
      'Tasks: must be a whole number',
    ]);
  });

  it('keeps units and drops the quoted input', () => {
    const ipc = { mechanism: 'pipe', mode: 'throughput', producers: 1, durationMs: 500 };
    expect(refusal('ipc:start', { ...ipc, sizeBytes: 10 })).toEqual([
      'Message size: at least 64 B',
    ]);
    expect(refusal('ipc:start', { ...ipc, sizeBytes: 16 * 1024 * 1024 })).toEqual([
      'Message size: at most 4 MiB',
    ]);
    expect(refusal('sampling:set-interval', { intervalMs: 50 })).toEqual([
      'Interval: at least 100 ms',
    ]);
    expect(refusal('sampling:set-interval', { intervalMs: 60_000 })).toEqual([
      'Interval: at most 10 s',
    ]);
    expect(refusal('experiment:set-python', { path: '' })).toEqual([
      'Python path: must not be empty (use null to search)',
    ]);
  });

  it("rebuilds zod's own messages from the issue code", () => {
    expect(refusal('sampling:pause', { extra: true })).toEqual(['Request: unknown field extra']);
    expect(refusal('processes:watch', {})).toEqual(['Process id: must be a process id (a number)']);
    const schema = z.object({ mode: z.enum(['a', 'b']), name: z.string().min(1) });
    expect(() => parseOrThrow(schema, { mode: 'c', name: '' }, 'ctx')).toThrow('ctx: mode: ');
    try {
      parseOrThrow(schema, { mode: 'c', name: '' }, 'ctx');
    } catch (error) {
      expect(issuesOf(error).map(issueText)).toEqual([
        'Mode: must be one of a, b',
        'Name: must not be empty',
      ]);
    }
  });

  it('labels unknown keys from their camelCase and the whole request when there is no key', () => {
    expect(fieldLabel(['runs', 3, 'crashAtTask'])).toBe('Crash at task');
    expect(fieldLabel([])).toBe('Request');
    expect(fieldLabel(['runs', 0])).toBe('Runs');
  });

  it('a transport error becomes a plain RequestError only when its issues are well formed', () => {
    const issues: FieldIssue[] = [
      { path: ['runs', 0, 'tasks'], label: 'Tasks', message: 'at least 1' },
    ];
    const error = RequestError.of('experiment:start: runs.0.tasks: …', issues);
    expect(error).toBeInstanceOf(RequestError);
    expect(error.message).toBe('Tasks: at least 1');
    expect((error as RequestError).detail).toBe('experiment:start: runs.0.tasks: …');
    expect(issuesOf(error)).toEqual(issues);
    for (const junk of [undefined, [], [{ path: 'tasks' }], 'x', [{ ...issues[0], label: 1 }]]) {
      const plain = RequestError.of('ipc:start: refused', junk);
      expect(plain).not.toBeInstanceOf(RequestError);
      expect(plain.message).toBe('ipc:start: refused');
      expect(issuesOf(plain)).toEqual([]);
    }
  });
});
