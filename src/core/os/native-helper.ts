import { spawn } from 'node:child_process';

/**
 * Starts one of the lab's own compiled helpers (out/native/) with pipes on its stdin and stdout:
 * commands go in as lines, binary frames come out. The caller checks the file is trusted first.
 * The helper ties itself to this process (parent-death signal), so it cannot outlive it.
 */

/** A started helper. */
export interface NativeHelper {
  pid: number;
  /** Writes one command line (ignored once it has exited). */
  send(line: string): void;
  /** Called with each chunk of its output. */
  onOutput(listener: (chunk: Buffer) => void): void;
  /** Its exit code, or null if it was killed or could not start. */
  exited: Promise<number | null>;
  kill(): void;
}

/** Starts `file` with `args`; null when it cannot be started at all. */
export function startNativeHelper(file: string, args: string[]): NativeHelper | null {
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  if (child.pid === undefined) {
    child.on('error', () => undefined);
    return null;
  }
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('exit', (code) => resolve(code));
  }).finally(() => (done = true));
  // A helper that died leaves a broken pipe: writes to it must not crash the lab.
  child.stdin.on('error', () => undefined);
  // Never keeps the lab alive on its own.
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  return {
    pid: child.pid,
    send: (line) => {
      if (!done && child.stdin.writable) child.stdin.write(`${line}\n`);
    },
    onOutput: (listener) => child.stdout.on('data', listener),
    exited,
    kill: () => {
      if (!done) child.kill('SIGKILL');
    },
  };
}
