import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { allowedCpus, libuvPoolSize, thisThreadId, threadNameOf } from '../../../../src/core/os';
import { requireMachine } from '../../support/machine';

const run = promisify(execFile);
const TSX_CJS = createRequire(__filename).resolve('tsx/cjs');
const OS_INDEX = join(__dirname, '../../../../src/core/os/index.ts');

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

/**
 * Runs `body` in a worker thread with the os layer as `os` and resolves with what it returns;
 * the thread then stays alive (so /proc still shows it) until the test ends.
 */
function inWorker<T>(body: string): Promise<T> {
  const code = `
const { parentPort } = require('node:worker_threads');
const os = require(${JSON.stringify(OS_INDEX)});
Promise.resolve().then(async () => { ${body} }).then((v) => parentPort.postMessage(v));
setInterval(() => {}, 1000);`;
  const worker = new Worker(code, { eval: true, execArgv: ['--require', TSX_CJS] });
  workers.push(worker);
  return new Promise<T>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const commOfThread = (tid: number): string =>
  readFileSync(`/proc/${process.pid}/task/${tid}/comm`, 'utf8').replace(/\n$/, '');

describe('thread names and ids', () => {
  it('on the main thread the thread id is the pid', ({ skip }) => {
    requireMachine(skip, 'linux');
    expect(thisThreadId()).toBe(process.pid);
  });

  it('a worker thread names itself, cut to 15 bytes, under the id it reads', async ({ skip }) => {
    requireMachine(skip, 'linux');
    const tid = await inWorker<number>(`
      os.nameThisThread('os-test-thread-long-name');
      return os.thisThreadId();`);
    expect(tid).not.toBe(process.pid);
    expect(commOfThread(tid)).toBe('os-test-thread-');
  });

  it('never splits a UTF-8 character when it cuts a name', async ({ skip }) => {
    requireMachine(skip, 'linux');
    expect(threadNameOf('ääääääää')).toBe('äääääää'); // 16 bytes → 14
    const tid = await inWorker<number>(`
      os.nameThisThread('ääääääää');
      return os.thisThreadId();`);
    expect(commOfThread(tid)).toBe('äääääää');
  });
});

describe('libuv pool', () => {
  it('works out UV_THREADPOOL_SIZE as libuv does', () => {
    expect(libuvPoolSize({})).toBe(4);
    expect(libuvPoolSize({ UV_THREADPOOL_SIZE: '8' })).toBe(8);
    expect(libuvPoolSize({ UV_THREADPOOL_SIZE: ' 8x' })).toBe(8);
    expect(libuvPoolSize({ UV_THREADPOOL_SIZE: '0' })).toBe(1);
    expect(libuvPoolSize({ UV_THREADPOOL_SIZE: '' })).toBe(1);
    expect(libuvPoolSize({ UV_THREADPOOL_SIZE: 'many' })).toBe(1);
    expect(libuvPoolSize({ UV_THREADPOOL_SIZE: '5000' })).toBe(1024);
    expect(libuvPoolSize({ UV_THREADPOOL_SIZE: '-2' })).toBe(1024);
  });

  /** In a fresh Node with `size` set: the pool size worked out, and the threads named. */
  async function poolOf(size: string | undefined): Promise<{ size: number; names: string[] }> {
    const env = { ...process.env };
    if (size === undefined) delete env.UV_THREADPOOL_SIZE;
    else env.UV_THREADPOOL_SIZE = size;
    const script = `
      const os = require(${JSON.stringify(OS_INDEX)});
      os.nameLibuvPool('pool-').then((tids) => {
        const fs = require('node:fs');
        const names = tids.map((t) => fs.readFileSync('/proc/self/task/' + t + '/comm', 'utf8').trim());
        console.log(JSON.stringify({ size: os.libuvPoolSize(), names }));
      });`;
    const { stdout } = await run(process.execPath, ['--require', TSX_CJS, '-e', script], { env });
    return JSON.parse(stdout) as { size: number; names: string[] };
  }

  it('its size is the number of pool threads libuv really starts', async ({ skip }) => {
    requireMachine(skip, 'linux');
    for (const size of ['0', '2', undefined]) {
      const pool = await poolOf(size);
      expect(pool.names, `UV_THREADPOOL_SIZE=${size}`).toEqual(
        Array.from({ length: pool.size }, (_, i) => `pool-${i + 1}`),
      );
    }
  });
});

describe('CPU affinity', () => {
  it('lists the CPUs taskset reports', ({ skip }) => {
    requireMachine(skip, 'linux', 'taskset');
    const out = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' }).stdout;
    const list = out.slice(out.lastIndexOf(':') + 1).trim();
    const expected = list.split(',').flatMap((part) => {
      const [from, to] = part.split('-').map(Number);
      return Array.from({ length: (to ?? from ?? 0) - (from ?? 0) + 1 }, (_, i) => (from ?? 0) + i);
    });
    expect(allowedCpus()).toEqual(expected);
  });

  it('pins only the calling thread, and undoes the pin', async ({ skip }) => {
    // With one CPU a pin would change nothing and prove nothing.
    requireMachine(skip, 'linux', 'taskset', 'twoCpus');
    const cpus = allowedCpus() ?? [];
    const target = cpus[cpus.length - 1];
    const seen = await inWorker<{ pinned: string; undone: string }>(`
      const fs = require('node:fs');
      const list = () => /Cpus_allowed_list:\\s*(.+)/.exec(fs.readFileSync('/proc/thread-self/status', 'utf8'))[1];
      const undo = os.pinThisThread(${String(target)});
      const pinned = list();
      undo();
      return { pinned, undone: list() };`);
    expect(seen.pinned).toBe(String(target));
    expect(seen.undone).toBe(readStatusList('self'));
    expect(readStatusList('thread-self')).toBe(readStatusList('self')); // the main thread is untouched
  });
});

function readStatusList(of: string): string | undefined {
  return /^Cpus_allowed_list:\s*(.+)$/m.exec(readFileSync(`/proc/${of}/status`, 'utf8'))?.[1];
}
