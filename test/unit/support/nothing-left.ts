import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../../../src/core/os/process-tree';
import { commandLineOf, processesWhose } from './process-tree';

/**
 * Nothing the tests start may outlive them. Every test, and every process it starts, gets a
 * fresh $TMPDIR of its own; when all tests are done, that folder must be empty, no process
 * started with it may still run, and /dev/shm must hold nothing new. The unit tests (this
 * file's default export, vitest's global set-up) and the e2e tests (global-setup.ts) both use it.
 */

/** The test tools' compile caches (tsx runs the CLI from source); the built app has none. */
const TOOL_CACHES = /^(tsx|playwright-transform-cache)-\d+$/;
/** How long a leftover may take to go: removeWhenGone waits up to ~10 s for a window to exit. */
const GRACE_MS = 20_000;

/**
 * Gives this process (and so every test worker and process started after) a $TMPDIR of its own;
 * the function returned, called once the tests are done, lists whatever was left behind (after
 * a grace period) and removes the folder.
 */
export function watchForLeftovers(): () => Promise<string[]> {
  for (const removed of sweepAbandonedRuns(tmpdir()))
    console.warn(`Removed the temp folder of a test run that was killed: ${removed}`);
  // A short name: Unix sockets made under it must stay within a socket path's 107 bytes.
  const scratch = mkdtempSync(join(tmpdir(), `${SCRATCH_PREFIX}${process.pid}-`));
  // Like /tmp itself: tests run some processes as nobody, which need a temp folder too.
  chmodSync(scratch, 0o1777);
  const sharedMemoryBefore = new Set(sharedMemory());
  process.env['TMPDIR'] = scratch;
  return async () => {
    let left = leftovers(scratch, sharedMemoryBefore);
    for (let waited = 0; left.length > 0 && waited < GRACE_MS; waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      left = leftovers(scratch, sharedMemoryBefore);
    }
    rmSync(scratch, { recursive: true, force: true });
    return left;
  };
}

/** A run's folder: the prefix, then the pid of the process that made it. */
const SCRATCH_PREFIX = 'clab-t-';
const SCRATCH_NAME = new RegExp(`^${SCRATCH_PREFIX}(\\d+)-[A-Za-z0-9]{6}$`);

/**
 * Removes the folders under `parent` of test runs that were killed before their check could
 * remove them (a run stopped with Ctrl-C or SIGKILL never reaches its global teardown): those
 * whose maker has exited and that no process still uses. Returns the folders removed.
 */
export function sweepAbandonedRuns(parent: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    const maker = SCRATCH_NAME.exec(name)?.[1];
    if (maker === undefined || isAlive(Number(maker))) continue;
    const folder = join(parent, name);
    if (processesStartedWith(`TMPDIR=${folder}`).length > 0) continue;
    rmSync(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

/** vitest's global set-up for the unit tests. */
export default function setup(): () => Promise<void> {
  const check = watchForLeftovers();
  return async () => {
    const left = await check();
    if (left.length === 0) return;
    console.error(`The unit tests left behind:\n  ${left.join('\n  ')}`);
    // vitest only logs a teardown's exception: the exit code is what fails the run.
    process.exitCode = 1;
  };
}

function leftovers(scratch: string, sharedMemoryBefore: Set<string>): string[] {
  const files = readdirSync(scratch)
    .filter((name) => !TOOL_CACHES.test(name))
    .map((name) => join(scratch, name));
  const shared = sharedMemory()
    .filter((name) => !sharedMemoryBefore.has(name))
    .map((name) => join('/dev/shm', name));
  return [...files, ...shared, ...processesStartedWith(`TMPDIR=${scratch}`)];
}

/** POSIX shared memory and semaphores (Python's SharedMemory, multiprocessing's locks). */
function sharedMemory(): string[] {
  try {
    return readdirSync('/dev/shm');
  } catch {
    return [];
  }
}

/** Processes (with their command lines) started with `entry` in their environment. */
function processesStartedWith(entry: string): string[] {
  const started = (environ: string): boolean =>
    environ.split('\0').some((line) => line.startsWith(entry));
  return processesWhose('environ', started)
    .filter((pid) => pid !== process.pid)
    .map((pid) => `process ${pid}: ${commandLineOf(pid) || '(gone)'}`);
}
