import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/build';

/**
 * The lint rule that keeps src/core/os the one place that talks to the OS: elsewhere in
 * src/core no process.platform, no node:child_process and no Worker from node:worker_threads
 * (types may still be imported). Checked on code written at a path, as the editor would.
 */

const OFFENDING = `
import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
export const uses = [fork, Worker, process.platform];
`;

const ALLOWED = `
import type { ChildProcess } from 'node:child_process';
import { parentPort, type Worker } from 'node:worker_threads';
export const uses: [ChildProcess | null, Worker | null, unknown] = [null, null, parentPort];
`;

/** The ids of the rules `code` breaks when it sits at `path` (relative to the repo). */
async function brokenRules(code: string, path: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: REPO_ROOT });
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, path) });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message).sort();
}

describe('only src/core/os talks to the OS', () => {
  it('flags process.platform, child_process and Worker in a feature', async () => {
    expect(await brokenRules(OFFENDING, 'src/core/ipc/jobs/probe.ts')).toEqual([
      '@typescript-eslint/no-restricted-imports',
      '@typescript-eslint/no-restricted-imports',
      'no-restricted-properties',
    ]);
  }, 60_000);

  it('allows them in src/core/os, and type imports anywhere', async () => {
    expect(await brokenRules(OFFENDING, 'src/core/os/probe.ts')).toEqual([]);
    expect(await brokenRules(ALLOWED, 'src/core/sampling/probe.ts')).toEqual([]);
  }, 60_000);

  it('lets only the Python runners use child_process, and them not process.platform', async () => {
    const rules = await brokenRules(OFFENDING, 'src/core/experiments/host/python-model.ts');
    expect(rules).toEqual(['@typescript-eslint/no-restricted-imports', 'no-restricted-properties']);
  }, 60_000);
});
