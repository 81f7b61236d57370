import type {
  ProcessActionResult,
  ProcessSettings,
  ProcessSignal,
} from '../../shared/process-actions';
import type { LabFeature } from '../feature';
import {
  capabilities,
  cpusOf,
  niceOf,
  onlineCpus,
  ownerOf,
  ownUid,
  readStat,
  selfAndAncestors,
  sendSignal,
  setNice,
  setProcessCpus,
  threadIdsOf,
} from '../os';
import { UserNames } from '../sampling/user-names';

/** The calls this feature answers. */
export type ProcessActionCalls =
  'process:get-settings' | 'process:signal' | 'process:renice' | 'process:affinity';

/** How long an action waits to see its effect in /proc (a signal is delivered asynchronously). */
const SETTLE_MS = 1000;
const POLL_MS = 20;

/** State letters in words, for the sentences the actions answer with. */
const STATE_WORDS: Record<string, string> = {
  R: 'running or ready',
  S: 'sleeping',
  D: 'waiting for I/O',
  T: 'stopped',
  t: 'stopped by a debugger',
  Z: 'a zombie: ended, waiting for its parent',
  I: 'idle',
};

/** Options: the lab's own page processes (the window's renderer), set by the shell. */
export interface ProcessActionsOptions {
  pageProcessIds?: () => number[];
}

/**
 * Signals, nice and CPU affinity for processes of the lab's own user, as htop offers them. The
 * lab refuses other users' processes, kernel threads, and itself with the processes above it
 * and its own page (killing itself is not a lesson), each with a sentence saying so.
 */
export function createProcessActionsFeature(
  options: ProcessActionsOptions = {},
): LabFeature<ProcessActionCalls> {
  const users = new UserNames();

  /** Why the lab will not act on `pid`, or null when it will; throws if there is no such pid. */
  const refusal = (pid: number): string | null => {
    const stat = readStat(pid);
    if (stat === null) throw new Error(`no process with PID ${pid}`);
    const who = `PID ${pid} (${stat.name})`;
    if (!capabilities().hasProcfs) return 'acting on processes needs Linux /proc';
    if (stat.kernelThread) return `${who} is a kernel thread; the lab acts only on programs`;
    if (pid === process.pid) return `${who} is the lab itself; killing itself is not a lesson`;
    if (options.pageProcessIds?.().includes(pid) === true) {
      return `${who} shows the lab's own page; the lab does not act on itself`;
    }
    if (selfAndAncestors().has(pid)) {
      return `${who} is one of the programs the lab runs under; the lab does not act on them`;
    }
    const owner = ownerOf(pid);
    const me = ownUid();
    if (owner === null) throw new Error(`no process with PID ${pid}`);
    if (me === null || owner.real !== me || owner.effective !== me) {
      const uid = owner.effective !== me ? owner.effective : owner.real;
      return `PID ${pid} belongs to ${users.nameOf(uid)}; the lab acts only on its own user's processes`;
    }
    return null;
  };

  /** The process as it is now, or null when it has ended (or is a zombie). */
  const settings = (pid: number): ProcessSettings | null => {
    const stat = readStat(pid);
    const nice = niceOf(pid);
    const cpus = cpusOf(pid);
    if (stat === null || stat.state === 'Z' || nice === null || cpus === null) return null;
    let refused: string | null;
    try {
      refused = refusal(pid);
    } catch {
      return null;
    }
    return {
      pid,
      name: stat.name,
      state: stat.state,
      nice,
      cpus,
      onlineCpus: onlineCpus(),
      refused,
    };
  };

  /** Checks that the lab may act on `pid`; returns its name, or throws the refusal. */
  const allowed = (pid: number): string => {
    const why = refusal(pid);
    if (why !== null) throw new Error(why);
    const stat = readStat(pid);
    if (stat === null) throw new Error(`no process with PID ${pid}`);
    if (stat.state === 'Z') throw new Error(`PID ${pid} (${stat.name}) has already ended`);
    return stat.name;
  };

  const result = (pid: number, name: string, message: string): ProcessActionResult => ({
    pid,
    name,
    message,
    after: settings(pid),
  });

  return {
    handlers: {
      'process:get-settings': ({ pid }) => {
        const found = settings(pid);
        if (found === null) throw new Error(`no process with PID ${pid}`);
        return found;
      },
      'process:signal': async ({ pid, signal }) => {
        const name = allowed(pid);
        sendSignal(pid, signal);
        const state = await settled(pid, signal);
        const now =
          state === null
            ? 'it has ended'
            : `its state is now ${state} (${STATE_WORDS[state] ?? 'see proc(5)'})`;
        return result(pid, name, `Sent ${signal} to ${name} (PID ${pid}): ${now}.`);
      },
      'process:renice': ({ pid, nice }) => {
        const name = allowed(pid);
        const before = niceOf(pid);
        setNice(pid, nice);
        const threads = threadIdsOf(pid).length;
        return result(
          pid,
          name,
          `Nice of ${name} (PID ${pid}) is now ${nice} (was ${before ?? 'unknown'}), on ${itsThreads(threads)}.`,
        );
      },
      'process:affinity': ({ pid, cpus }) => {
        const online = onlineCpus();
        const offline = cpus.filter((cpu) => !online.includes(cpu));
        if (offline.length > 0) {
          throw new Error(
            `CPU ${offline.slice(0, 5).join(', ')} is not online here (online: ${online.join(', ')})`,
          );
        }
        const name = allowed(pid);
        const chosen = [...new Set(cpus)].sort((a, b) => a - b);
        setProcessCpus(pid, chosen);
        const threads = threadIdsOf(pid).length;
        return result(
          pid,
          name,
          `${name} (PID ${pid}) may now run only on CPU${chosen.length === 1 ? '' : 's'} ${chosen.join(', ')}, on ${itsThreads(threads)}.`,
        );
      },
    },
  };
}

/**
 * Waits (briefly) until a signal shows in /proc: stopped for SIGSTOP, not stopped for SIGCONT,
 * ended for the rest. Returns the state letter then, or null when the process has ended.
 */
async function settled(pid: number, signal: ProcessSignal): Promise<string | null> {
  const done = (state: string | null): boolean => {
    if (state === null || state === 'Z') return true;
    if (signal === 'SIGSTOP') return state === 'T';
    if (signal === 'SIGCONT') return state !== 'T';
    return false; // SIGINT and SIGTERM may be handled and ignored: wait the whole time
  };
  let state = readStat(pid)?.state ?? null;
  for (const until = Date.now() + SETTLE_MS; !done(state) && Date.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    state = readStat(pid)?.state ?? null;
  }
  return state === 'Z' ? null : state;
}

/** "its one thread", "all 3 of its threads". */
function itsThreads(count: number): string {
  return count === 1 ? 'its one thread' : `all ${count} of its threads`;
}
