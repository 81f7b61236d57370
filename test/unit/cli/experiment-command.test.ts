import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../src/core/paths';
import { descendantsOf, waitForExit } from '../support/process-tree';

const cli = join(__dirname, '../../../src/cli/index.ts');
const args = (...rest: string[]) => ['--import', tsxLoaderUrl(), cli, 'experiment', ...rest];

describe('concurrency-lab experiment', () => {
  it('runs a workload with its baseline and prints verified results as JSON', () => {
    const run = spawnSync(
      process.execPath,
      args(
        '--workload',
        'cpu',
        '--model',
        'threads',
        '--workers',
        '2',
        '--tasks',
        '8',
        '--size',
        '5000',
        '--json',
      ),
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as {
      params: { model: string };
      checksumOk: boolean;
      speedup: number;
    }[];
    expect(results.map((r) => r.params.model)).toEqual(['node-sequential', 'node-worker-pool']);
    expect(results.every((r) => r.checksumOk)).toBe(true);
    expect(results[1]?.speedup).toBeGreaterThan(0);
    expect(run.stderr).toContain('experiment');
  });

  it("shows an async run's task switches and loop delay, and leaves tasks untraced when told", () => {
    const run = (...extra: string[]) =>
      spawnSync(
        process.execPath,
        args(
          '--workload',
          'timer',
          '--model',
          'async',
          '--tasks',
          '20',
          '--latency',
          '20',
          '--concurrency',
          '10',
          '--no-baseline',
          ...extra,
        ),
        { encoding: 'utf8', timeout: 60_000 },
      );
    const traced = run();
    expect(traced.status, traced.stderr).toBe(0);
    expect(traced.stdout).toMatch(
      /20 tasks \(node-event-loop\) · \d+ task switches · \d+ kernel context switches/,
    );
    expect(traced.stdout).toMatch(/event-loop delay p50 [\d.]+ ms · p99 [\d.]+ ms/);

    const untraced = run('--no-trace-tasks', '--json');
    expect(untraced.status, untraced.stderr).toBe(0);
    const [result] = JSON.parse(untraced.stdout) as {
      params: { traceTasks: boolean };
      lanes: { taskTrace: unknown; loopDelay: unknown } | null;
    }[];
    expect(result?.params.traceTasks).toBe(false);
    expect(result?.lanes?.taskTrace).toBeNull();
    expect(result?.lanes?.loopDelay).not.toBeNull();
  });

  it('refuses bad parameters in one line', () => {
    const run = spawnSync(process.execPath, args('--workload', 'cpu', '--model', 'fibers'), {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(
      /^concurrency-lab experiment: model: must be one of node-sequential, /,
    );
  });

  it('stops the whole process tree on Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      args(
        '--workload',
        'timer',
        '--model',
        'processes',
        '--workers',
        '2',
        '--tasks',
        '1000',
        '--latency',
        '100',
        '--no-baseline',
      ),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    // Wait for the host and its worker processes to exist.
    let tree: number[] = [];
    for (let i = 0; i < 100 && tree.length < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      tree = descendantsOf(child.pid ?? 0);
    }
    expect(tree.length, `the run did not start its workers:\n${errors}`).toBeGreaterThanOrEqual(3);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGINT');
    expect(await exited, errors).toBe(1); // the run was stopped: reported, and not a success
    // Stop kills the host's process group: nothing of the tree is left within 2 s.
    expect(await waitForExit(tree, 2000)).toEqual([]);
  });
});
