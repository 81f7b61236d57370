import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ENTRY_POINTS } from '../../../src/core/entry-points';
import type { ServerFrame } from '../../../src/shared/ws-protocol';
import { ensureBuilt, REPO_ROOT } from '../support/build';
import { requireMachine } from '../support/machine';
import { descendantsOf, waitForExit } from '../support/process-tree';

/**
 * The app as a user gets it: `npm pack`, installed with --omit=dev into an empty prefix (so
 * neither src/ nor tsx exists there), run as the installed `concurrency-lab` command from a
 * folder outside the repository. Every process it starts must run from its build.
 */

let work = '';
let bin = '';
let cwd = '';

beforeAll(async () => {
  await ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'concurrency-lab-pack-'));
  cwd = join(work, 'elsewhere');
  const npm = (args: string[], dir: string): string => {
    const run = spawnSync('npm', [...args, '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 150_000,
    });
    if (run.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${run.stderr}`);
    return run.stdout;
  };
  const tarball = npm(['pack', '--silent', '--pack-destination', work], REPO_ROOT).trim();
  const prefix = join(work, 'prefix');
  npm(['install', '--omit=dev', '--prefix', prefix, join(work, tarball)], work);
  bin = join(prefix, 'node_modules', '.bin', 'concurrency-lab');
  spawnSync('mkdir', ['-p', cwd]);
});

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

/** A running CLI, with the command line of every descendant seen while it ran. */
interface Watched {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Stops watching; resolves to every descendant command line seen (args joined by spaces). */
  commandLines: () => string[];
}

/** Starts the installed command and polls /proc for its descendants' command lines. */
function runInstalled(args: string[]): Watched {
  const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const seen = new Set<string>();
  const scan = (): void => {
    for (const pid of [child.pid ?? 0, ...descendantsOf(child.pid ?? 0)]) {
      try {
        seen.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim());
      } catch {
        // ended while we looked
      }
    }
  };
  const timer = setInterval(scan, 25);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      clearInterval(timer);
      resolve(code);
    }),
  );
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    commandLines: () => {
      clearInterval(timer);
      return [...seen].filter((line) => line !== '');
    },
  };
}

/** Command lines that name the sources or tsx. */
const fromSource = (lines: string[]): string[] => lines.filter((line) => /src\/|tsx/.test(line));

describe('the packed and installed app', () => {
  it('holds its build and no sources or dev tools', () => {
    const installed = join(work, 'prefix', 'node_modules');
    const built = join(installed, 'concurrency-lab', 'out', 'main');
    // One bundle per entry point: the Vite inputs come from the same list that resolveEntry reads.
    for (const name of ['cli', ...Object.keys(ENTRY_POINTS)]) {
      expect(existsSync(join(built, `${name}.js`)), name).toBe(true);
    }
    expect(existsSync(join(installed, 'concurrency-lab', 'src'))).toBe(false);
    expect(readdirSync(installed)).not.toContain('tsx');
  });

  it('prints its version', () => {
    const run = spawnSync(bin, ['--version'], { cwd, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const version = (
      JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    expect(run.stdout.trim()).toBe(version);
    expect(run.status).toBe(0);
  });

  it.for<[string, string]>([
    ['threads', 'experiment-worker.js'],
    ['processes', 'experiment-worker.js'],
    ['python-processes', 'experiment.py'],
  ])(
    'finishes an experiment on %s, every process run from the build',
    { timeout: 60_000 },
    async ([model, worker], { skip }) => {
      if (model.startsWith('python')) requireMachine(skip, 'python');
      const run = runInstalled([
        'experiment',
        '--workload',
        'cpu',
        '--model',
        model,
        '--workers',
        '2',
        '--tasks',
        '4',
        '--size',
        '2000',
        '--no-baseline',
        '--json',
      ]);
      const code = await run.exited;
      const lines = run.commandLines();
      expect(code, `experiment failed:\n${run.stderr()}`).toBe(0);
      const results = JSON.parse(run.stdout()) as { status: string; checksumOk: boolean }[];
      expect(results.map((r) => [r.status, r.checksumOk])).toEqual([['ok', true]]);
      // The scan saw the host (and, for processes, the workers): it did look at the tree.
      expect(lines.some((line) => line.includes('out/main/experiment-host.js'))).toBe(true);
      if (model !== 'threads') expect(lines.some((line) => line.includes(worker))).toBe(true);
      expect(fromSource(lines)).toEqual([]);
    },
  );

  it('serves the page, and runs IPC with peer processes and with worker threads', async () => {
    const serve = runInstalled(['serve']);
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        const look = (): void => {
          const match = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(serve.stdout());
          if (match?.[1]) resolve(new URL(match[1]));
        };
        serve.child.stdout?.on('data', look);
        void serve.exited.then(() =>
          reject(new Error(`serve exited early:\n${serve.stdout()}\n${serve.stderr()}`)),
        );
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root"></div>');

      const socket = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, {
        headers: { Origin: url.origin },
      });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      // A run's outcome, once its runner has also exited (the lab then reports nothing active).
      const ipcRun = async (id: number, mechanism: string): Promise<unknown> => {
        const result = new Promise<unknown>((resolve) => {
          let status: string | null = null;
          const onMessage = (data: WebSocket.RawData): void => {
            const frame = JSON.parse(data.toString()) as ServerFrame;
            const done = (outcome: unknown): void => {
              socket.off('message', onMessage);
              resolve(outcome);
            };
            if (frame.type === 'result' && frame.id === id && !frame.ok) done(frame.error);
            if (frame.type !== 'stream') return;
            if (frame.stream === 'ipc:result') {
              const event = frame.payload as { kind: string; result: { status: string } };
              if (event.kind === 'run') status = event.result.status;
            }
            const idle =
              frame.stream === 'ipc:state' &&
              (frame.payload as { active: unknown }).active === null;
            if (idle && status !== null) done(status);
          };
          socket.on('message', onMessage);
        });
        socket.send(
          JSON.stringify({
            type: 'call',
            id,
            channel: 'ipc:start',
            request: { mechanism, mode: 'throughput', sizeBytes: 1024, count: 500, producers: 1 },
          }),
        );
        return result;
      };
      expect(await ipcRun(1, 'unix-socket')).toBe('completed');
      expect(await ipcRun(2, 'message-port')).toBe('completed');
      socket.close();

      const lines = serve.commandLines();
      expect(lines.some((line) => line.includes('out/main/ipc-runner.js'))).toBe(true);
      expect(lines.some((line) => line.includes('out/main/ipc-peer.js'))).toBe(true);
      expect(fromSource(lines)).toEqual([]);
    } finally {
      const tree = descendantsOf(serve.child.pid ?? 0);
      serve.child.kill('SIGTERM');
      await serve.exited;
      expect(await waitForExit(tree, 3000)).toEqual([]);
    }
  }, 60_000);
});
