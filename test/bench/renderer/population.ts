import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { descendantsOf } from '../../../src/core/os/process-tree';
import { readComm } from '../../../src/core/os/procfs/readers';
import { tiedSpawn } from '../../../src/core/os/tied';
import { cpuWindow, processCount, threadCount } from './proc';

/**
 * The processes the renderer benchmark puts on the machine: idle `sleep`s to fill the process
 * table, one Node process with many sleeping worker threads to watch, and htop as the baseline.
 * Every one is tied to this process (parent-death signal via setpriv) and has a stop function
 * that ends it by pid, so nothing outlives the benchmark even when it is killed.
 */

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `signal` to a pid (or, negative, a process group), ignoring one already gone. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Resolves when a child has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Something started here: `stop()` ends it and resolves when it is gone. */
export interface Started {
  pid: number;
  stop(): Promise<void>;
}

/**
 * `count` idle `sleep 3600`s under one shell, in their own process group. Each sleep is tied to
 * the shell and the shell to us, so they go when we go; stop() kills the group.
 */
export async function startIdleProcesses(count: number): Promise<Started> {
  const tiedSleep = tiedSpawn('sleep', ['3600'], 'KILL');
  const line = [tiedSleep.command, ...tiedSleep.args].join(' ');
  const script = `i=0; while [ $i -lt ${count} ]; do ${line} & i=$((i+1)); done; wait`;
  const { command, args } = tiedSpawn('sh', ['-c', script], 'KILL');
  const shell = spawn(command, args, { stdio: 'ignore', detached: true });
  const pid = shell.pid as number;
  const stop = async (): Promise<void> => {
    signal(-pid, 'SIGKILL');
    await exited(shell);
  };
  const started = (): number => descendantsOf(pid).length - 1;
  for (let waited = 0; started() < count; waited += 100) {
    if (waited > 60_000) {
      await stop();
      throw new Error(`only ${started()} of ${count} idle processes started in 60 s`);
    }
    await sleep(100);
  }
  return { pid, stop };
}

/** Starts worker threads (each asleep on a timer) until the process has `target` threads. */
const THREADED_CHILD = `
const { Worker } = require('node:worker_threads');
const { readdirSync } = require('node:fs');
const target = Number(process.argv[1]);
const threads = () => readdirSync('/proc/self/task').length;
process.stdin.on('end', () => process.exit(0)).resume();
setInterval(() => {}, 1 << 30);
(async () => {
  while (threads() < target) {
    await new Promise((resolve, reject) => {
      const worker = new Worker('setInterval(() => {}, 1 << 30)', { eval: true });
      worker.once('online', resolve).once('error', reject);
    });
  }
  setTimeout(() => process.stdout.write('ready\\n'), 500);
})();
`;

/**
 * A Node process with `threads` threads (its own plus sleeping workers), to be watched. It
 * ends when its stdin closes (our exit) or on stop().
 */
export async function startThreadedProcess(
  threads: number,
): Promise<Started & { threads: number }> {
  const { command, args } = tiedSpawn(process.execPath, ['-e', THREADED_CHILD, String(threads)]);
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${threads}-thread process in 60 s`)),
      60_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => reject(new Error(`the threaded process exited (${code})`)));
  });
  const pid = child.pid as number;
  return {
    pid,
    threads: threadCount(pid),
    stop: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}

/** The path of a program on $PATH, or null when it is not installed. */
export function which(program: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  return null;
}

/** htop's cost over a window, or why it was not measured. */
export type HtopFigures =
  | { measured: true; percentOfOneCore: number; cpuMsPerSecond: number; processes: number }
  | { measured: false; reason: string };

/**
 * Runs `htop -d 10` (a redraw every second) in a 200×50 pseudo-terminal made by util-linux
 * `script`, lets it settle `settleMs` (its first scan reads everything), then reads its CPU
 * from /proc over `seconds`. Only htop's own process is counted, not the terminal that script
 * copies to /dev/null (a real terminal emulator would cost more still).
 */
export async function measureHtop(seconds: number, settleMs = 3000): Promise<HtopFigures> {
  if (which('htop') === null)
    return { measured: false, reason: 'htop is not installed (apt-get install -y htop)' };
  if (which('script') === null)
    return { measured: false, reason: 'util-linux script is not installed' };
  const inner = 'stty cols 200 rows 50; exec htop -d 10';
  const { command, args } = tiedSpawn('script', ['-qfc', inner, '/dev/null']);
  const terminal = spawn(command, args, {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, TERM: 'xterm' },
  });
  const scriptPid = terminal.pid as number;
  const htopPid = (): number | undefined =>
    descendantsOf(scriptPid).find((pid) => readComm(pid) === 'htop');
  try {
    for (let waited = 0; htopPid() === undefined; waited += 100) {
      if (waited > 10_000) return { measured: false, reason: 'htop did not start in 10 s' };
      await sleep(100);
    }
    const pid = htopPid() as number;
    await sleep(settleMs);
    const window = cpuWindow([pid]);
    await sleep(seconds * 1000);
    const figures = window.stop();
    if (htopPid() !== pid) return { measured: false, reason: 'htop exited during the window' };
    return {
      measured: true,
      percentOfOneCore: figures.percentOfOneCore,
      cpuMsPerSecond: (1000 * figures.totalCpuMs) / figures.wallMs,
      processes: processCount(),
    };
  } finally {
    const pid = htopPid();
    if (pid !== undefined) signal(pid, 'SIGTERM');
    terminal.stdin?.end();
    const timer = setTimeout(() => signal(scriptPid, 'SIGKILL'), 3000);
    await exited(terminal);
    clearTimeout(timer);
  }
}
