import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { osName } from '../core/os/platform';

/**
 * Where the agent's token comes from. Never a command-line argument: every local user can read
 * any process's arguments (ps, /proc/PID/cmdline). A file must be the agent user's own, readable
 * by nobody else; the environment variable is dropped as soon as it is read, so the lab's
 * children (experiments, IPC peers) do not inherit it.
 */

/** The environment variable that may carry the token. */
export const TOKEN_ENV = 'CONCURRENCY_LAB_TOKEN';

/** Shortest token accepted: 16 characters (a generated one has 43). */
const MIN_TOKEN_CHARS = 16;

/** Where the token came from, for the start-up message. */
export interface AgentToken {
  token: string;
  /** The file it was read from or written to; null when it came from the environment. */
  file: string | null;
  /** True when this start generated it. */
  generated: boolean;
}

/** The default token file: the user's config folder, concurrency-lab/agent-token. */
export function defaultTokenFile(): string {
  const home = homedir();
  const platform = osName();
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', 'Concurrency Lab', 'agent-token');
  }
  if (platform === 'win32') {
    const appData = process.env['APPDATA'] ?? join(home, 'AppData', 'Roaming');
    return join(appData, 'Concurrency Lab', 'agent-token');
  }
  const config = process.env['XDG_CONFIG_HOME'] ?? join(home, '.config');
  return join(config, 'concurrency-lab', 'agent-token');
}

/**
 * The token: from `tokenFile` if given, else from CONCURRENCY_LAB_TOKEN, else from the default
 * file, which is created (mode 0600, a new random token) when it does not exist yet.
 */
export function loadAgentToken(tokenFile: string | undefined): AgentToken {
  const fromEnv = process.env[TOKEN_ENV];
  delete process.env[TOKEN_ENV];
  if (tokenFile !== undefined)
    return { token: readTokenFile(tokenFile), file: tokenFile, generated: false };
  if (fromEnv !== undefined)
    return { token: checkToken(fromEnv.trim(), TOKEN_ENV), file: null, generated: false };
  const file = defaultTokenFile();
  const generated = createTokenFile(file);
  return { token: readTokenFile(file), file, generated };
}

/** Reads a token file, refusing one that another user could read or replace. */
export function readTokenFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new Error(
      `cannot read the token file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { cause: error },
    );
  }
  try {
    // fstat of the opened file: what is read is what was checked, even if the path is swapped.
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error(`the token file ${path} is not a regular file`);
    const uid = process.getuid?.();
    if (uid !== undefined && info.uid !== uid) {
      throw new Error(
        `the token file ${path} belongs to uid ${info.uid}, not to this user (uid ${uid}): another user could change it`,
      );
    }
    if (uid !== undefined && (info.mode & 0o077) !== 0) {
      const mode = (info.mode & 0o777).toString(8).padStart(4, '0');
      throw new Error(
        `the token file ${path} has mode ${mode}, so other users can read it: run chmod 600 ${path}`,
      );
    }
    return checkToken(readFileSync(fd, 'utf8').trim(), path);
  } finally {
    closeSync(fd);
  }
}

/** Writes a new random token to `path` (mode 0600) unless the file exists; true if written. */
function createTokenFile(path: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${randomBytes(32).toString('base64url')}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** A token is one word of printable ASCII (it travels in an HTTP header), 16 characters or more. */
function checkToken(token: string, source: string): string {
  if (token.length < MIN_TOKEN_CHARS || !/^[\x21-\x7e]+$/.test(token)) {
    throw new Error(
      `the token in ${source} must be at least ${MIN_TOKEN_CHARS} printable characters with no spaces`,
    );
  }
  return token;
}
