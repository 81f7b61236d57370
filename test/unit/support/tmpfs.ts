import { spawnSync } from 'node:child_process';
import {
  closeSync,
  ftruncateSync,
  fstatSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small tmpfs mounted for one test file: a disk that really fills up. */
export interface SmallDisk {
  dir: string;
  /** Fills the disk, then frees `freeBytes` (rounded to pages by the kernel). */
  fill(freeBytes?: number): void;
  /** Unmounts and removes the mount point. */
  unmount(): void;
}

/** Mounts a tmpfs of `sizeKiB` (needs MISSING.tmpfs === null). */
export function mountSmallDisk(sizeKiB = 64): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'lab-small-disk-'));
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (mount.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mount tmpfs failed: ${mount.stderr}`);
  }
  return {
    dir,
    fill(freeBytes = 0) {
      const fd = openSync(join(dir, 'filler'), 'a');
      const chunk = Buffer.alloc(4096);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
      ftruncateSync(fd, Math.max(0, fstatSync(fd).size - freeBytes));
      closeSync(fd);
    },
    unmount() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
