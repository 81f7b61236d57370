import { existsSync } from 'node:fs';

/**
 * The one place that looks at which OS this is, for the lab's OS helpers: features ask for a
 * capability ("can threads be named here?") instead of testing process.platform themselves, so
 * a port changes this file, not eleven.
 */

/** What this OS lets the lab do; each is checked once and cached. */
export interface Capabilities {
  /** /proc with per-process and per-thread files (Linux). */
  hasProcfs: boolean;
  /** Threads can be renamed (/proc/thread-self/comm). */
  canNameThreads: boolean;
  /** A thread's kernel id can be read (/proc/thread-self). */
  canReadThreadIds: boolean;
  /** Threads can be pinned to CPUs (Linux + taskset). */
  canPin: boolean;
  /** Children can be tied to this process's life by the kernel (Linux + setpriv --pdeathsig). */
  canTieChildren: boolean;
  /** A negative pid signals a whole process group (every POSIX system). */
  hasProcessGroups: boolean;
  /** Named pipes can be made with mkfifo (POSIX). */
  hasFifos: boolean;
  /** POSIX signals (SIGUSR1/2), Unix domain sockets and child stdio pipes (not Windows). */
  isPosix: boolean;
  /** Node reports interrupt time in os.cpus() (Windows only). */
  reportsIrqTime: boolean;
  /** os.loadavg() means something (Windows has no load average: Node reports zeros). */
  hasLoadAverage: boolean;
}

/** util-linux's setpriv: sets the parent-death signal before exec. */
export const SETPRIV_PATH = '/usr/bin/setpriv';

let cached: Capabilities | undefined;

/** This OS's capabilities (tools on PATH are looked for only by the helpers that run them). */
export function capabilities(): Capabilities {
  cached ??= detect(process.platform);
  return cached;
}

/** The capabilities of `platform` on this machine; exported so tests can ask about other OSes. */
export function detect(platform: NodeJS.Platform): Capabilities {
  const linux = platform === 'linux';
  const procfs = linux && existsSync('/proc/self/stat');
  return {
    hasProcfs: procfs,
    canNameThreads: procfs && existsSync('/proc/thread-self/comm'),
    canReadThreadIds: procfs && existsSync('/proc/thread-self'),
    canPin: procfs, // taskset's presence is checked by the pinning helpers (it runs a subprocess)
    canTieChildren: linux && existsSync(SETPRIV_PATH),
    hasProcessGroups: platform !== 'win32',
    hasFifos: platform !== 'win32',
    isPosix: platform !== 'win32',
    reportsIrqTime: platform === 'win32',
    hasLoadAverage: platform !== 'win32',
  };
}

/** True on Linux: the platform whose /proc every reader of this layer relies on. */
export function isLinux(): boolean {
  return process.platform === 'linux';
}

/**
 * This OS's name as Node spells it ('linux', 'darwin', 'win32', …), for what only a name can
 * decide: where the OS keeps a user's documents, and what the system panel displays. Anything
 * the lab can or cannot do is a capability above instead.
 */
export function osName(): NodeJS.Platform {
  return process.platform;
}
