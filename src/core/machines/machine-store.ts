import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../shared/validation';

/**
 * The user's saved agents, tokens included, in one JSON file that only the user can read
 * (0600 in a 0700 folder). A file others could read (or one another user owns, who could put
 * an agent of theirs in it) is refused, not used: the app says why and starts with none saved.
 */

/** One saved agent. */
export interface SavedMachine {
  id: string;
  name: string;
  /** `ws://host:port`. */
  url: string;
  token: string;
}

const fileSchema = z
  .object({
    version: z.literal(1),
    machines: z.array(
      z.object({ id: z.string(), name: z.string(), url: z.string(), token: z.string() }).strict(),
    ),
  })
  .strict();

/** The default file: $XDG_CONFIG_HOME (or ~/.config)/concurrency-lab/machines.json. */
export function defaultMachinesFile(): string {
  const config = process.env['XDG_CONFIG_HOME'] || join(homedir(), '.config');
  return join(config, 'concurrency-lab', 'machines.json');
}

/** What reading the file gave: the machines, or why none were read. */
export interface LoadedMachines {
  machines: SavedMachine[];
  /** Why the file was not used (unsafe mode, not ours, not JSON…); null when fine or absent. */
  problem: string | null;
}

/** Reads the saved agents; a missing file is an empty list, an unsafe one is refused. */
export function loadMachines(path: string): LoadedMachines {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { machines: [], problem: null };
    return { machines: [], problem: `cannot read ${path}: ${code ?? String(error)}` };
  }
  try {
    // fstat of the opened file: what is read is what was checked, even if the path is swapped.
    const info = fstatSync(fd);
    if (!info.isFile()) return refuse(`${path} is not a regular file`);
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) {
      return refuse(`${path} belongs to uid ${info.uid}, not to this user (uid ${uid})`);
    }
    if (uid !== undefined && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
      return refuse(
        `${path} has mode ${mode}, so other users can read its tokens: run chmod 600 ${path}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(fd, 'utf8'));
    } catch {
      return refuse(`${path} is not JSON`);
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) return refuse(`${path}: ${describeIssues(parsed.error)}`);
    return { machines: parsed.data.machines, problem: null };
  } finally {
    closeSync(fd);
  }
}

function refuse(problem: string): LoadedMachines {
  return { machines: [], problem: `not using the saved machines: ${problem}` };
}

/**
 * Writes the saved agents atomically: a 0600 temp file beside the target, flushed, then renamed
 * over it, so a crash leaves the old list or the new one. The folder is made 0700.
 */
export async function saveMachines(path: string, machines: SavedMachine[]): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const text = `${JSON.stringify({ version: 1, machines }, null, 2)}\n`;
  try {
    // 'wx' with mode 0600: the tokens are never readable by others, not even for a moment.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, 0o600); // the umask cannot loosen 0600, but a strict check costs nothing
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
