import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../src/core/paths';

const cli = join(__dirname, '../../../src/cli/index.ts');
const args = (...rest: string[]) => ['--import', tsxLoaderUrl(), cli, 'experiment', ...rest];

/** Pids of every live descendant of `pid`, from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const visit = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      out.push(child);
      visit(child);
    }
  };
  visit(pid);
  return out;
}

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
    expect(run.status).toBe(0);
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
    // Wait for the host and its worker processes to exist.
    let tree: number[] = [];
    for (let i = 0; i < 100 && tree.length < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      tree = descendants(child.pid ?? 0);
    }
    expect(tree.length).toBeGreaterThanOrEqual(3);
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(1); // the run was stopped: reported, and not a success
    const survivors = (): string[] =>
      tree.flatMap((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          return [`${pid} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 3)}`];
        } catch {
          return [];
        }
      });
    // The host and its workers exit within a second of the stop (the CLI waits for them).
    for (let i = 0; i < 20 && survivors().length > 0; i += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect(survivors()).toEqual([]);
  });
});
