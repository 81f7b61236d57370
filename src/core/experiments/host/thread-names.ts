import { readlinkSync, writeFileSync } from 'node:fs';
import { readlink } from 'node:fs/promises';

/**
 * Thread names for the sampler: Node names every thread "node", so workers rename themselves
 * through /proc (Linux only; elsewhere naming is skipped silently, names are a nicety).
 */

/** Linux limits a thread name to 15 bytes. */
const MAX_NAME = 15;

/** Renames the calling thread (or the process, when called on its main thread). */
export function nameThisThread(name: string): void {
  try {
    writeFileSync('/proc/thread-self/comm', name.slice(0, MAX_NAME));
  } catch {
    // Not Linux, or /proc not mounted: the thread keeps its default name.
  }
}

/** The calling thread's kernel id, or null off Linux. */
export function thisThreadId(): number | null {
  try {
    const link = readlinkSync('/proc/thread-self'); // "PID/task/TID"
    const tid = Number(link.split('/').pop());
    return Number.isInteger(tid) ? tid : null;
  } catch {
    return null;
  }
}

/** Threads in libuv's pool (UV_THREADPOOL_SIZE, 4 unless set). */
export function libuvPoolSize(): number {
  const size = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(size) && size > 0 ? Math.min(size, 1024) : 4;
}

/**
 * Finds libuv's pool threads and names them `${prefix}1`, `${prefix}2`, … An async readlink of
 * /proc/thread-self runs *on* a pool thread, so it answers with that thread's id; a few rounds
 * of concurrent calls reach every thread. Returns the ids found (any thread of a process may
 * write another's comm).
 */
export async function nameLibuvPool(prefix = 'libuv-'): Promise<number[]> {
  const found = new Set<number>();
  const size = libuvPoolSize();
  try {
    for (let round = 0; round < 8 && found.size < size; round += 1) {
      const links = await Promise.all(
        Array.from({ length: size * 8 }, () => readlink('/proc/thread-self')),
      );
      for (const link of links) found.add(Number(link.split('/').pop()));
    }
  } catch {
    return []; // not Linux
  }
  const tids = [...found].filter(Number.isInteger).sort((a, b) => a - b);
  tids.forEach((tid, i) => {
    try {
      writeFileSync(`/proc/self/task/${tid}/comm`, `${prefix}${i + 1}`.slice(0, MAX_NAME));
    } catch {
      // exited meanwhile
    }
  });
  return tids;
}
