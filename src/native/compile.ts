import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LANE_SAMPLER } from '../core/entry-points';

/**
 * Builds the lab's one native helper, the run-lane sampler (lane-sampler.c), with the system's C
 * compiler. Run by the build (electron.vite.config.ts) into out/native/, and by tests that need
 * the current source. Without a compiler the lab still works: the lanes are then read by the
 * TypeScript sampler, at about three times the cost.
 */

/** Compiles the helper from the app at `root` into `target`; null, or why it could not. */
export function compileLaneSampler(root: string, target: string): string | null {
  mkdirSync(dirname(target), { recursive: true });
  // Written beside the target and renamed into place: a running copy is never half-written.
  const partial = `${target}.${process.pid}.partial`;
  try {
    execFileSync(
      'cc',
      [
        '-O2',
        '-std=gnu11',
        '-Wall',
        '-Wextra',
        '-Werror',
        '-o',
        partial,
        join(root, LANE_SAMPLER.source),
        '-lm',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
    );
    renameSync(partial, target);
    return null;
  } catch (error) {
    rmSync(partial, { force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no C compiler (cc) was found';
    return `the C compiler failed: ${stderr || String(error)}`;
  }
}
