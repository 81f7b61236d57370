import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LabError, said } from '../../shared/lab-messages';
import { fsReasonSaid } from './file-checks';

/**
 * Writes a file so that readers see either the old file or the whole new one, never half:
 * write a temp file beside it, flush it to disk, then rename it over the target.
 */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  await writeFilesAtomic([[path, contents]]);
}

/**
 * Writes several files as one set: all of them, or none. Every file goes to a temp file beside
 * its target first (so a full disk fails here, before any target changed), then each is renamed
 * into place. On any error the temps and the targets renamed so far are removed, so an export
 * never leaves a partial set that looks complete. Errors say which file and why in words.
 */
export async function writeFilesAtomic(files: [path: string, contents: string][]): Promise<void> {
  const temps: [temp: string, path: string][] = [];
  const renamed: string[] = [];
  try {
    for (const [path, contents] of files) {
      const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
      await writeAndSync(temp, path, contents, temps);
    }
    for (const [temp, path] of temps) {
      await rename(temp, path).catch((error: unknown) => {
        throw new LabError(said('cannotWrite', { path, reason: fsReasonSaid(error) }), {
          cause: error,
        });
      });
      renamed.push(path);
    }
  } catch (error) {
    const leftovers = [...temps.map(([temp]) => temp), ...renamed];
    await Promise.all(leftovers.map((path) => rm(path, { force: true })));
    throw error;
  }
}

async function writeAndSync(
  temp: string,
  path: string,
  contents: string,
  temps: [string, string][],
): Promise<void> {
  try {
    const handle = await open(temp, 'wx', 0o644);
    temps.push([temp, path]);
    try {
      await handle.writeFile(contents, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new LabError(said('cannotWrite', { path, reason: fsReasonSaid(error) }), {
      cause: error,
    });
  }
}
