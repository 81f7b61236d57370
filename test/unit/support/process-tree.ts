import { readdirSync, readFileSync } from 'node:fs';

/** Pids of every live descendant of `pid`, read from /proc. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const visit = (parent: number): void => {
    for (const child of children.get(parent) ?? []) {
      out.push(child);
      visit(child);
    }
  };
  visit(pid);
  return out;
}

/** "pid (name) state" for each of `pids` still alive (zombies included: not yet reaped). */
export function survivorsAmong(pids: number[]): string[] {
  return pids.flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return [`${pid} ${stat.slice(stat.indexOf('('), stat.lastIndexOf(')') + 3)}`];
    } catch {
      return [];
    }
  });
}

/** Polls until none of `pids` is alive or `timeoutMs` passes; resolves to the survivors. */
export async function waitForExit(pids: number[], timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  while (survivorsAmong(pids).length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return survivorsAmong(pids);
}

/**
 * Pids of the processes whose /proc/PID/`file` (cmdline or environ, as they were started) passes
 * `test`; processes gone meanwhile, or not ours to read, are skipped.
 */
export function processesWhose(
  file: 'cmdline' | 'environ',
  test: (text: string) => boolean,
): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        return test(readFileSync(`/proc/${entry}/${file}`, 'latin1')) ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

/** A process's command line, its arguments joined by spaces; '' once it is gone. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}
