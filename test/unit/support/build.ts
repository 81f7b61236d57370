import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isBuilt, isBuildStale } from '../../../src/cli/build-state';

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '../../..');

/** One lock per checkout, so two test runs never build into the same out/ at once. */
const LOCK = join(tmpdir(), `concurrency-lab-build-${REPO_ROOT.replace(/\W/g, '_')}.lock`);

/**
 * Builds the app (`electron-vite build`) when it is needed, so tests that use out/ pass on a fresh
 * clone. `fresh`: when src/cli/build-state.ts says the build is stale (one stat walk when it is
 * not). `present`: only when an output is missing, for tests that use the built page but run
 * the code from source, so edits to src/ do not cost a build on every run.
 */
export async function ensureBuilt(need: 'fresh' | 'present' = 'fresh'): Promise<void> {
  const needed = (): boolean => (need === 'fresh' ? isBuildStale(REPO_ROOT) : !isBuilt(REPO_ROOT));
  if (!needed()) return;
  await withLock(() => {
    if (!needed()) return; // another run built it while we waited
    const build = spawnSync(join(REPO_ROOT, 'node_modules/.bin/electron-vite'), ['build'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    });
    if (build.status !== 0) {
      throw new Error(
        `electron-vite build failed (${build.status}):\n${build.stdout}${build.stderr}`,
      );
    }
  });
}

/** Runs `task` holding the build lock; a lock whose owner is gone is taken over. */
async function withLock(task: () => void): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      if (!ownerAlive()) rmSync(LOCK, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 500));
    }
  }
  try {
    task();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** True while the process that holds the lock (or is just taking it) is alive. */
function ownerAlive(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    // Taken a moment ago (pid not written yet), unless that moment is long past.
    return Date.now() - mtimeOrNow(LOCK) < 10_000;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A path's modification time, or now when it is gone. */
function mtimeOrNow(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}
