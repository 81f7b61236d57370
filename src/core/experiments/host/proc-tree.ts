import { existsSync, readFileSync, readdirSync } from 'node:fs';

/**
 * Reads a process tree from Linux /proc: who descends from whom, how much memory the tree
 * holds, and the CPU time of reaped children. Off Linux every reader returns "unknown"
 * (null or an empty list) rather than zero.
 */

/** Kernel clock ticks per second (USER_HZ); 100 on every Linux Node supports. */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

/**
 * The direct children of a process. Reads only its main thread's children list: the lab's
 * processes start children from their main threads (Node's fork, multiprocessing.Pool), and
 * one read per process keeps a 4 Hz poll cheap. Falls back to a /proc scan when the kernel
 * lacks children lists.
 */
export function childrenOf(pid: number): number[] {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(`/proc/${pid}`)) {
      return childrenByScan(pid);
    }
    return [];
  }
  return text === '' ? [] : text.split(/\s+/).map(Number);
}

function childrenByScan(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFieldsAfterName(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      if (Number(fields[1]) === parent) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** A process and all its descendants, root first. */
export function descendantsOf(root: number): number[] {
  const out = [root];
  for (let i = 0; i < out.length; i += 1) out.push(...childrenOf(out[i] ?? root));
  return out;
}

/** The fields after the ")" that closes the command name (names may hold spaces and ")"). */
export function statFieldsAfterName(statText: string): string[] {
  return statText.slice(statText.lastIndexOf(')') + 2).split(' ');
}

/** Resident memory of a process in bytes, or null if it is gone. */
export function residentBytes(pid: number): number | null {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? pages * PAGE_BYTES : null;
  } catch {
    return null;
  }
}

/** True while a pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const state = statFieldsAfterName(readFileSync(`/proc/${pid}/stat`, 'utf8'))[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** CPU ms of this process's reaped children (cutime + cstime), or null off Linux. */
export function reapedChildrenCpuMs(): { userMs: number; sysMs: number } | null {
  try {
    const fields = statFieldsAfterName(readFileSync('/proc/self/stat', 'utf8'));
    // After the name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    const toMs = (ticks: string | undefined): number => (Number(ticks) * 1000) / TICKS_PER_SECOND;
    return { userMs: toMs(fields[13]), sysMs: toMs(fields[14]) };
  } catch {
    return null;
  }
}

/** The command name (comm) of a process, or null if it is gone. */
export function commOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}
