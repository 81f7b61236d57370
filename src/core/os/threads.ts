import { readlinkSync, writeFileSync } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { capabilities } from './platform';

/**
 * The calling thread as the kernel sees it: its name and its id, and libuv's pool threads. Node
 * names every thread "node", so the lab's threads rename themselves for the process table.
 * Naming is a nicety: off Linux it is skipped silently.
 */

/** Linux limits a thread name (comm) to 15 bytes plus the terminating NUL. */
export const MAX_THREAD_NAME_BYTES = 15;

/** `name` cut to what comm holds: 15 bytes, never splitting a UTF-8 character. */
export function threadNameOf(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length <= MAX_THREAD_NAME_BYTES) return name;
  let end = MAX_THREAD_NAME_BYTES;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1; // back off a continuation byte
  return bytes.subarray(0, end).toString('utf8');
}

/** Renames the calling thread (the process, when called on its main thread); no-op off Linux. */
export function nameThisThread(name: string): void {
  if (!capabilities().canNameThreads) return;
  try {
    writeFileSync('/proc/thread-self/comm', threadNameOf(name));
  } catch {
    // /proc not writable here: the thread keeps its default name
  }
}

/** Renames another thread of this process (any thread may write a sibling's comm). */
export function nameThread(tid: number, name: string): boolean {
  if (!capabilities().canNameThreads) return false;
  try {
    writeFileSync(`/proc/self/task/${tid}/comm`, threadNameOf(name));
    return true;
  } catch {
    return false; // exited meanwhile
  }
}

/** The tid in a /proc/thread-self link ("PID/task/TID"), or null. */
function tidOfLink(link: string): number | null {
  const tid = Number(link.split('/').pop());
  return Number.isInteger(tid) && tid > 0 ? tid : null;
}

/** The calling thread's kernel id (equal to the pid on the main thread), or null off Linux. */
export function thisThreadId(): number | null {
  if (!capabilities().canReadThreadIds) return null;
  try {
    return tidOfLink(readlinkSync('/proc/thread-self'));
  } catch {
    return null;
  }
}

/** libuv's own cap on its pool (MAX_THREADPOOL_SIZE in src/threadpool.c). */
const MAX_POOL = 1024;
const DEFAULT_POOL = 4;

/**
 * Threads in libuv's pool, worked out as libuv does: UV_THREADPOOL_SIZE read with atoi (leading
 * digits; junk reads as 0), 0 becomes 1, and anything above 1024 — a negative number wraps to a
 * huge unsigned one — becomes 1024; 4 when the variable is unset.
 */
export function libuvPoolSize(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.UV_THREADPOOL_SIZE;
  if (text === undefined) return DEFAULT_POOL;
  const match = /^[\t\n\v\f\r ]*([+-]?)(\d*)/.exec(text);
  const digits = match?.[2] ?? '';
  const value = digits === '' ? 0 : Number(digits);
  if (match?.[1] === '-' && value !== 0) return MAX_POOL;
  if (value === 0) return 1;
  return Math.min(value, MAX_POOL);
}

/**
 * Finds libuv's pool threads and names them `${prefix}1`, `${prefix}2`, … An async readlink of
 * /proc/thread-self runs *on* a pool thread, so it answers with that thread's id; a few rounds
 * of concurrent calls reach every thread. Returns the ids found, ascending ([] off Linux).
 */
export async function nameLibuvPool(prefix = 'libuv-'): Promise<number[]> {
  if (!capabilities().canReadThreadIds) return [];
  const found = new Set<number>();
  const size = libuvPoolSize();
  try {
    for (let round = 0; round < 8 && found.size < size; round += 1) {
      const links = await Promise.all(
        Array.from({ length: size * 8 }, () => readlink('/proc/thread-self')),
      );
      for (const link of links) {
        const tid = tidOfLink(link);
        if (tid !== null) found.add(tid);
      }
    }
  } catch {
    return [];
  }
  const tids = [...found].sort((a, b) => a - b);
  tids.forEach((tid, i) => nameThread(tid, `${prefix}${i + 1}`));
  return tids;
}
