import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The longest path a Unix socket can be bound to on Linux, in bytes (sun_path less its NUL). */
const SOCKET_PATH_MAX = 107;
/**
 * What Chromium adds under its temp dir, `/org.chromium.Chromium.XXXXXX/SingletonSocket` (45
 * bytes), and a little room for another browser's name.
 */
const SINGLETON_SOCKET_ROOM = 48;
/** Short on purpose: Chromium's single-instance socket goes two folders below it. */
const PREFIX = 'clab-window-';

/** A Chromium window's throw-away profile, and the temp dir inside it that Chromium is given. */
export interface WindowProfile {
  dir: string;
  tmp: string;
}

/**
 * Whether Chromium could bind its single-instance socket under a profile made in `parent`.
 * Chromium fails to start where it cannot, so a window would never open.
 */
export function socketFitsUnder(parent: string): boolean {
  const tmp = join(parent, `${PREFIX}XXXXXX`, 'tmp');
  return Buffer.byteLength(tmp) + SINGLETON_SOCKET_ROOM <= SOCKET_PATH_MAX;
}

/**
 * Where a window's profile may go, best first: the temp dir ($TMPDIR) where the socket fits
 * under it, else the user's runtime dir (the place for sockets, made for them alone), else /tmp.
 */
export function profileParents(): string[] {
  const places = [tmpdir(), process.env['XDG_RUNTIME_DIR'], '/tmp'];
  const fitting = places.filter((place): place is string => !!place && socketFitsUnder(place));
  return [...new Set(fitting)];
}

/**
 * Makes a window's profile (mode 0700: the launch page inside holds the token) with its temp
 * dir inside. Chromium keeps its single-instance socket in a folder of its own under $TMPDIR
 * and removes it only on a clean exit, so a killed window would leave one behind each time;
 * inside the profile, it goes with the profile.
 */
export async function makeWindowProfile(): Promise<WindowProfile> {
  const failures: string[] = [];
  for (const parent of profileParents()) {
    let dir: string | null = null;
    try {
      dir = await mkdtemp(join(parent, PREFIX));
      const tmp = join(dir, 'tmp');
      await mkdir(tmp, { mode: 0o700 });
      return { dir, tmp };
    } catch (error) {
      if (dir !== null) await rm(dir, { recursive: true, force: true });
      failures.push(`${parent}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const tried = failures.length > 0 ? failures.join('; ') : `${tmpdir()} is too deep`;
  throw new Error(
    `cannot make a folder for the app window (${tried}); set TMPDIR to a short, writable folder`,
  );
}
