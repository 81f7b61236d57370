import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findPython,
  onPath,
  probePython,
} from '../../../../src/core/experiments/lab/python-finder';
import { untrustedExecutableReason } from '../../../../src/core/experiments/lab/trusted-executable';
import { LabService } from '../../../../src/core/service';
import { SYSTEM_PYTHON, requireMachine } from '../../support/machine';

/**
 * The lab runs the chosen Python interpreter with its own rights (root here). A path that
 * another user could change must be refused, or they could run their code as the lab.
 */

const NOBODY = 65534;
const REFUSED = 'choose an interpreter only you or root can change';
let root: string;
const isRoot = process.geteuid?.() === 0;

/** A folder with the given mode (set after creation: the umask would narrow mkdir's). */
async function folder(path: string, mode: number): Promise<string> {
  await mkdir(path);
  await chmod(path, mode);
  return path;
}

/** A shell-script "python" that leaves `marker` behind when run, then runs the real one. */
async function fakePython(path: string, mode: number, marker: string): Promise<string> {
  await writeFile(path, `#!/bin/sh\necho ran > '${marker}'\nexec ${SYSTEM_PYTHON} "$@"\n`);
  await chmod(path, mode);
  return path;
}

beforeAll(async () => {
  // mkdtemp: 0700, ours, under the sticky /tmp: a trusted place to build the cases in.
  root = await mkdtemp(join(tmpdir(), 'lab-trusted-python-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('untrustedExecutableReason', () => {
  it('accepts a 0755 file in 0755 folders, directly or through our symlinks', async () => {
    const safe = await folder(join(root, 'safe'), 0o755);
    const python = await fakePython(join(safe, 'python'), 0o755, join(root, 'unused'));
    expect(await untrustedExecutableReason(python)).toBeNull();
    await symlink(python, join(safe, 'link-to-python'));
    expect(await untrustedExecutableReason(join(safe, 'link-to-python'))).toBeNull();
    // /usr/bin/python3 is itself a (relative) symlink on Debian.
    if (existsSync(SYSTEM_PYTHON))
      expect(await untrustedExecutableReason(SYSTEM_PYTHON)).toBeNull();
    // Below a sticky folder (like /tmp itself), in a folder of our own.
    const sticky = await folder(join(root, 'sticky'), 0o1777);
    const inside = await folder(join(sticky, 'ours'), 0o755);
    expect(
      await untrustedExecutableReason(await fakePython(join(inside, 'python'), 0o755, '/dev/null')),
    ).toBeNull();
  });

  it('refuses a file that group or others may write', async () => {
    const safe = await folder(join(root, 'modes'), 0o755);
    const open = await fakePython(join(safe, 'python-777'), 0o777, '/dev/null');
    expect(await untrustedExecutableReason(open)).toBe(
      `${open} is writable by other users, so another user could replace it; ${REFUSED}`,
    );
    const group = await fakePython(join(safe, 'python-775'), 0o775, '/dev/null');
    expect(await untrustedExecutableReason(group)).toContain('is writable by other users');
  });

  it('refuses a file in a folder that others may write, even a sticky one', async () => {
    const open = await folder(join(root, 'open'), 0o777);
    const python = await fakePython(join(open, 'python'), 0o755, '/dev/null');
    expect(await untrustedExecutableReason(python)).toBe(
      `${open} is writable by other users, so another user could replace what ${python} runs; ${REFUSED}`,
    );
    const sticky = await folder(join(root, 'sticky-holder'), 0o1777);
    const inSticky = await fakePython(join(sticky, 'python'), 0o755, '/dev/null');
    expect(await untrustedExecutableReason(inSticky)).toContain(
      `${sticky} is writable by other users`,
    );
  });

  it('follows symlinks: both where the link lies and where it leads count', async () => {
    const safe = await folder(join(root, 'links'), 0o755);
    const open = await folder(join(root, 'links-open'), 0o777);
    const hidden = await fakePython(join(open, 'python'), 0o755, '/dev/null');
    await symlink(hidden, join(safe, 'to-open'));
    expect(await untrustedExecutableReason(join(safe, 'to-open'))).toContain(
      `${open} is writable by other users`,
    );
    const real = await fakePython(join(safe, 'python'), 0o755, '/dev/null');
    await symlink(real, join(open, 'to-safe'));
    expect(await untrustedExecutableReason(join(open, 'to-safe'))).toContain(
      `${open} is writable by other users`,
    );
  });

  it("refuses what another user owns, and accepts what the lab's own user owns", async ({
    skip,
  }) => {
    skip(!isRoot, 'needs root to give files to another user (chown)');
    const safe = await folder(join(root, 'owners'), 0o755);
    const theirs = await fakePython(join(safe, 'python'), 0o755, '/dev/null');
    await chown(theirs, NOBODY, NOBODY);
    expect(await untrustedExecutableReason(theirs)).toBe(
      `${theirs} belongs to another user (uid ${NOBODY}), who could replace it; ${REFUSED}`,
    );
    // For a lab running as that user, it is its own file.
    expect(await untrustedExecutableReason(theirs, NOBODY)).toBeNull();
    const theirFolder = await folder(join(root, 'their-folder'), 0o755);
    const ours = await fakePython(join(theirFolder, 'python'), 0o755, '/dev/null');
    await chown(theirFolder, NOBODY, NOBODY);
    expect(await untrustedExecutableReason(ours)).toContain(
      `${theirFolder} belongs to another user (uid ${NOBODY})`,
    );
  });

  it('refuses relative paths, missing files and folders', async () => {
    expect(await untrustedExecutableReason('python3')).toContain('is not a full path');
    expect(await untrustedExecutableReason(join(root, 'nothing-here'))).toContain(
      'there is no file at',
    );
    const notAFile = await folder(join(root, 'a-folder'), 0o755);
    expect(await untrustedExecutableReason(notAFile)).toContain('is not a program file');
  });
});

describe("'experiment:set-python'", () => {
  it('refuses a planted world-writable python without ever running it', async ({ skip }) => {
    requireMachine(skip, 'linux', 'python');
    const service = new LabService({ recordingsDir: join(root, 'recordings') });
    try {
      const open = await folder(join(root, 'planted'), 0o777);
      const marker = join(root, 'planted-ran');
      const planted = await fakePython(join(open, 'python'), 0o755, marker);
      const inOpen = await service.call('experiment:set-python', { path: planted });
      expect(inOpen).toEqual({
        ok: false,
        error: `experiment:set-python: ${open} is writable by other users, so another user could replace what ${planted} runs; ${REFUSED}`,
      });
      const safe = await folder(join(root, 'planted-safe'), 0o755);
      const worldWritable = await fakePython(join(safe, 'python'), 0o777, marker);
      const open777 = await service.call('experiment:set-python', { path: worldWritable });
      expect(open777).toEqual({
        ok: false,
        error: `experiment:set-python: ${worldWritable} is writable by other users, so another user could replace it; ${REFUSED}`,
      });
      // Not even probed: the probe would have run it as us.
      expect(existsSync(marker)).toBe(false);
      const status = await service.call('experiment:python-status', {});
      expect(status.ok && (status.value as { path: string | null }).path).not.toBe(planted);
    } finally {
      await service.dispose();
    }
  });

  it('accepts a 0755 python (ours or root’s) in a 0755 folder', async ({ skip }) => {
    requireMachine(skip, 'linux', 'python');
    const service = new LabService({ recordingsDir: join(root, 'recordings') });
    try {
      const safe = await folder(join(root, 'accepted'), 0o755);
      const marker = join(root, 'accepted-ran');
      const python = await fakePython(join(safe, 'python'), 0o755, marker);
      const result = await service.call('experiment:set-python', { path: python });
      expect(result.ok).toBe(true);
      expect(result.ok && result.value).toMatchObject({
        available: true,
        path: python,
        configured: true,
      });
      expect(existsSync(marker)).toBe(true);
    } finally {
      await service.dispose();
    }
  });
});

describe('finding Python never runs a planted interpreter', () => {
  it('an interpreter from $CONCURRENCY_LAB_PYTHON or the search is checked before it runs', async () => {
    const planted = await folder(join(root, 'planted-env'), 0o777);
    const marker = join(root, 'env-marker');
    const python = await fakePython(join(planted, 'python3'), 0o755, marker);
    const status = await findPython(python);
    expect(status.available).toBe(false);
    expect(status.error).toContain(REFUSED);
    expect(existsSync(marker)).toBe(false);
  });

  it('a bare name is looked up on PATH, and a python3 in a folder others may write is skipped', async () => {
    const planted = await folder(join(root, 'planted-path'), 0o777);
    const marker = join(root, 'path-marker');
    await fakePython(join(planted, 'python3'), 0o755, marker);
    expect(onPath('python3', `${planted}:/usr/bin`)).toBe(join(planted, 'python3'));
    const saved = process.env.PATH;
    process.env.PATH = `${planted}:${saved ?? ''}`;
    try {
      const status = await probePython('python3', false);
      expect(status.available).toBe(false);
      expect(status.error).toContain(REFUSED);
    } finally {
      process.env.PATH = saved;
    }
    expect(existsSync(marker)).toBe(false);
  });
});
