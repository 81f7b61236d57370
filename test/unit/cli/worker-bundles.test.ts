import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EntryPointName } from '../../../src/core/entry-points';
import { ensureBuilt, REPO_ROOT } from '../support/build';

/**
 * Workers a run starts load only what they run. Their start-up falls inside what the lab
 * measures (a pool's wall time), and zod alone took ~80 ms of every task worker's start: a CPU
 * pool of 2 threads then finished 1.6× faster than one thread instead of ~1.8×. Read from the
 * build, the way a packaged app loads them: every require, followed through the chunks.
 */

/** The packages (not node: built-ins) a built entry loads, through every chunk it requires. */
function packagesLoadedBy(entry: EntryPointName): string[] {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
      if (target === undefined) continue;
      if (target.startsWith('.')) walk(resolve(dirname(file), target));
      else if (!target.startsWith('node:')) packages.add(target);
    }
  };
  walk(join(REPO_ROOT, 'out/main', `${entry}.js`));
  return [...packages].sort();
}

beforeAll(() => ensureBuilt(), 180_000);

describe('the workers a run starts', () => {
  it.each<EntryPointName>(['experiment-worker', 'ipc-worker', 'ipc-peer', 'run-lanes-worker'])(
    '%s loads no package',
    (entry) => {
      expect(packagesLoadedBy(entry)).toEqual([]);
    },
  );

  it('the walk finds packages where there are some (the host validates with zod)', () => {
    expect(packagesLoadedBy('experiment-host')).toContain('zod');
  });
});
