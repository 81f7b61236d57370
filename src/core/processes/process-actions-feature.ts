import type {
  ProcessActionResult,
  ProcessSettings,
  ProcessSignal,
} from '../../shared/process-actions';
import {
  formatLabMessage,
  LabError,
  labError,
  said,
  type LabMessage,
  type LabMessageKey,
} from '../../shared/lab-messages';
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

/** State letters in words (the lab's sentence keys), for the sentences the actions answer with. */
const STATE_WORDS: Record<string, LabMessageKey> = {
  R: 'stateR',
  S: 'stateS',
  D: 'stateD',
  T: 'stateT',
  t: 'stateTraced',
  Z: 'stateZ',
  I: 'stateI',
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
  const refusal = (pid: number): LabMessage | null => {
    const stat = readStat(pid);
    if (stat === null) throw labError('noProcess', { pid });
    const who = { pid, name: stat.name };
    if (!capabilities().hasProcfs) return said('needsProcfs');
    if (stat.kernelThread) return said('kernelThread', who);
    if (pid === process.pid) return said('labItself', who);
    if (options.pageProcessIds?.().includes(pid) === true) return said('labPage', who);
    if (selfAndAncestors().has(pid)) return said('labAncestor', who);
    const owner = ownerOf(pid);
    const me = ownUid();
    if (owner === null) throw labError('noProcess', { pid });
    if (me === null || owner.real !== me || owner.effective !== me) {
      const uid = owner.effective !== me ? owner.effective : owner.real;
      return said('otherUser', { pid, user: users.nameOf(uid) });
    }
    return null;
  };

  /** The process as it is now, or null when it has ended (or is a zombie). */
  const settings = (pid: number): ProcessSettings | null => {
    const stat = readStat(pid);
    const nice = niceOf(pid);
    const cpus = cpusOf(pid);
    if (stat === null || stat.state === 'Z' || nice === null || cpus === null) return null;
    let refused: LabMessage | null;
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
      refused: refused === null ? null : formatLabMessage(refused),
      ...(refused !== null && { refusedSaid: refused }),
    };
  };

  /** Checks that the lab may act on `pid`; returns its name, or throws the refusal. */
  const allowed = (pid: number): string => {
    const why = refusal(pid);
    if (why !== null) throw new LabError(why);
    const stat = readStat(pid);
    if (stat === null) throw labError('noProcess', { pid });
    if (stat.state === 'Z') throw labError('alreadyEnded', { pid, name: stat.name });
    return stat.name;
  };

  const result = (pid: number, name: string, message: LabMessage): ProcessActionResult => ({
    pid,
    name,
    message: formatLabMessage(message),
    said: message,
    after: settings(pid),
  });

  return {
    handlers: {
      'process:get-settings': ({ pid }) => {
        const found = settings(pid);
        if (found === null) throw labError('noProcess', { pid });
        return found;
      },
      'process:signal': async ({ pid, signal }) => {
        const name = allowed(pid);
        sendSignal(pid, signal);
        const state = await settled(pid, signal);
        const now =
          state === null
            ? said('signalEnded')
            : said('stateNow', { state, words: said(STATE_WORDS[state] ?? 'stateOther') });
        return result(pid, name, said('signalSent', { signal, name, pid, now }));
      },
      'process:renice': ({ pid, nice }) => {
        const name = allowed(pid);
        const before = niceOf(pid);
        setNice(pid, nice);
        const threads = threadIdsOf(pid).length;
        return result(
          pid,
          name,
          said('reniced', {
            name,
            pid,
            nice,
            before: before ?? said('unknown'),
            threads: itsThreads(threads),
          }),
        );
      },
      'process:affinity': ({ pid, cpus }) => {
        const online = onlineCpus();
        const offline = cpus.filter((cpu) => !online.includes(cpu));
        if (offline.length > 0) {
          throw labError('cpuOffline', {
            cpus: offline.slice(0, 5).join(', '),
            online: online.join(', '),
          });
        }
        const name = allowed(pid);
        const chosen = [...new Set(cpus)].sort((a, b) => a - b);
        setProcessCpus(pid, chosen);
        const threads = threadIdsOf(pid).length;
        const key = chosen.length === 1 ? 'affinityOne' : 'affinityMany';
        const cpuList = chosen.join(', ');
        return result(
          pid,
          name,
          said(key, { name, pid, cpus: cpuList, threads: itsThreads(threads) }),
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
function itsThreads(count: number): LabMessage {
  return count === 1 ? said('oneThread') : said('allThreads', { n: count });
}
