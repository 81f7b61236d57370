import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { profileParents, socketFitsUnder } from '../../../src/cli/window-profile';
import { tsxLoaderUrl } from '../../../src/core/paths';
import { LabService } from '../../../src/core/service';
import { requireMachine } from '../support/machine';
import { descendantsOf, processesWhose } from '../support/process-tree';

/**
 * The fallback launcher (serve mode's Chromium app window) must hand the session token to the
 * page without putting it where other local users can read it: /proc/PID/cmdline is readable by
 * everyone, and recordings keep process command lines.
 */

const cli = join(__dirname, '../../../src/cli/index.ts');
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/** Run as nobody with the token on stdin: which readable /proc files hold it. */
const SCANNER = `
const fs = require('fs');
let token = '';
process.stdin.on('data', (c) => (token += c)).on('end', () => {
  token = token.trim();
  const hits = [];
  const commands = [];
  let environs = 0;
  for (const pid of fs.readdirSync('/proc').filter((e) => /^\\d+$/.test(e))) {
    for (const file of ['cmdline', 'environ']) {
      let text;
      try { text = fs.readFileSync('/proc/' + pid + '/' + file, 'latin1'); } catch { continue; }
      if (file === 'cmdline') commands.push(text.split('\\0').join(' '));
      else environs += 1;
      if (text.includes(token)) hits.push(pid + '/' + file);
    }
  }
  console.log(JSON.stringify({ hits, commands, environs }));
});`;

interface Serving {
  child: ChildProcess;
  token: string;
  port: number;
  dataHome: string;
  /** Serve mode's $TMPDIR, ours alone: whatever it or its window leaves there is a leak. */
  scratch: string;
  /** The folder made for it (scratch itself, or the one it is deep inside). */
  scratchRoot: string;
  /** Its $XDG_RUNTIME_DIR, when it was given one (a folder of ours too). */
  runtimeDir: string | null;
}

let serving: Serving | null = null;

afterEach(async () => {
  if (serving === null) return;
  const { child, dataHome, scratchRoot, runtimeDir } = serving;
  serving = null;
  await endServing(child, 'SIGTERM');
  await rm(dataHome, { recursive: true, force: true });
  await rm(scratchRoot, { recursive: true, force: true });
  if (runtimeDir !== null) await rm(runtimeDir, { recursive: true, force: true });
});

/** Ends serve mode with `signal` (unless it has ended already) and waits until it has exited. */
async function endServing(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/**
 * Starts `serve --open` with a headless Chromium and waits for the URL it prints. Its $TMPDIR is
 * a folder of ours, or a folder `depth` characters long inside it; with `runtimeDir`, its
 * $XDG_RUNTIME_DIR is another folder of ours.
 */
async function serveWithWindow(depth = 0, runtimeDir: string | null = null): Promise<Serving> {
  const dataHome = await mkdtemp(join(tmpdir(), 'lab-token-data-'));
  // A short name: Chromium's single-instance socket goes a few folders below it.
  const scratchRoot = await mkdtemp(join(tmpdir(), 'tok-'));
  let scratch = scratchRoot;
  if (depth > 0) {
    scratch = join(scratchRoot, 'd'.repeat(Math.max(1, depth - scratchRoot.length - 1)));
    await mkdir(scratch);
  }
  const child = spawn(process.execPath, ['--import', tsxLoaderUrl(), cli, 'serve', '--open'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      XDG_DATA_HOME: dataHome,
      TMPDIR: scratch,
      // tsx (which runs the CLI from source here) would keep its compile cache in $TMPDIR.
      TSX_DISABLE_CACHE: '1',
      CONCURRENCY_LAB_CHROMIUM_FLAGS: '--headless=new --disable-gpu',
      ...(runtimeDir === null ? {} : { XDG_RUNTIME_DIR: runtimeDir }),
    },
  });
  serving = { child, token: '', port: 0, dataHome, scratch, scratchRoot, runtimeDir };
  let output = '';
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serve mode: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (match?.[1]) resolve(new URL(match[1]));
    });
    child.once('exit', () => reject(new Error(`serve exited early: ${output}`)));
  });
  serving.token = url.searchParams.get('token') ?? '';
  serving.port = Number(url.port);
  expect(serving.token.length).toBeGreaterThan(20);
  return serving;
}

/** The app window's Chromium (the browser process) under serve mode, and its profile folder. */
async function appWindowOf(servePid: number): Promise<{ pid: number; profile: string }> {
  for (let i = 0; i < 200; i += 1) {
    for (const pid of descendantsOf(servePid)) {
      const args = commandLineOf(pid);
      const profile = args.find((arg) => arg.startsWith('--user-data-dir='));
      if (args.some((arg) => arg.startsWith('--app=')) && profile !== undefined) {
        return { pid, profile: profile.slice('--user-data-dir='.length) };
      }
    }
    await sleep(50);
  }
  throw new Error('serve mode started no Chromium app window');
}

function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** Polls `condition` every 50 ms for up to `timeoutMs`; true once it held. */
async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  for (let waited = 0; waited < timeoutMs; waited += 50) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

/** Established TCP connections whose local end is `port` (the server's side of each client). */
function acceptedConnections(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[1]?.endsWith(`:${hex}`) && fields[3] === '01').length;
}

/** Every process's cmdline and environ that hold `token`, read with our own (root) rights. */
function processFilesHolding(token: string): string[] {
  return (['cmdline', 'environ'] as const).flatMap((file) =>
    processesWhose(file, (text) => text.includes(token)).map((pid) => `${pid}/${file}`),
  );
}

describe('the fallback launcher (serve mode with a Chromium app window)', () => {
  it('connects the window without the token in any command line or environment', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux', 'setpriv', 'chromium');
    const { child, token, port } = await serveWithWindow();
    const window = await appWindowOf(child.pid ?? 0);

    // The page really connected: a client is in and the launch page is gone (it is removed
    // once a client authenticates), while the window is still open.
    const launchPageGone = (): boolean => !existsSync(join(window.profile, 'launch.html'));
    expect(await eventually(launchPageGone, 30_000), 'the launch page is still there').toBe(true);
    expect(acceptedConnections(port), 'no client is connected').toBeGreaterThan(0);
    expect(existsSync(`/proc/${window.pid}`)).toBe(true);

    const scan = spawnSync('/usr/bin/setpriv', [...NOBODY, process.execPath, '-e', SCANNER], {
      input: token,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(scan.status, scan.stderr).toBe(0);
    const seen = JSON.parse(scan.stdout) as { hits: string[]; commands: string[] };
    // The scan could see the window's command line, so it would have found a token there.
    expect(seen.commands.some((command) => command.includes(window.profile))).toBe(true);
    expect(seen.hits).toEqual([]);
    expect(processFilesHolding(token)).toEqual([]);
  }, 60_000);

  it('keeps the token out of a recording and its export made while the window is open', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux', 'chromium');
    const { child, token, dataHome } = await serveWithWindow();
    const window = await appWindowOf(child.pid ?? 0);
    const out = join(dataHome, 'session.ndjson');
    const service = new LabService({ recordingsDir: dataHome });
    try {
      service.start();
      await service.recording.recordTo(out);
      // Recorded until a process sample holds the window's command line: then it was in reach.
      await new Promise<void>((resolve) => {
        const stop = service.onStream((stream, payload) => {
          if (stream === 'sample:processes' && JSON.stringify(payload).includes(window.profile)) {
            stop();
            resolve();
          }
        });
      });
      service.recording.stopRecording();
    } finally {
      await service.dispose();
    }
    const recorded = await readFile(out, 'utf8');
    expect(recorded).not.toContain(token);
    // It could have: the window's command line is in it.
    expect(recorded).toContain(window.profile);

    const exported = spawnSync(
      process.execPath,
      ['--import', tsxLoaderUrl(), cli, 'export', out, '--format', 'json'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(exported.status, exported.stderr).toBe(0);
    const json = await readFile(exported.stdout.trim(), 'utf8');
    expect(json).not.toContain(token);
    expect(json).toContain(window.profile);
  }, 60_000);

  // Chromium cannot start where its single-instance socket's path would pass a socket's limit
  // (107 bytes). Under a $TMPDIR that deep (too deep even for Chromium's own temp folder), the
  // window's profile goes to the user's runtime dir instead, and still nothing is left behind.
  it('opens the window under a $TMPDIR too deep for a socket, and removes its profile', async ({
    skip,
  }) => {
    requireMachine(skip, 'linux', 'chromium');
    const runtimeDir = await mkdtemp(join(tmpdir(), 'rt-'));
    const { child, port, scratch } = await serveWithWindow(70, runtimeDir);
    expect(socketFitsUnder(scratch)).toBe(false);
    const window = await appWindowOf(child.pid ?? 0);
    expect(window.profile.startsWith(`${runtimeDir}/`), window.profile).toBe(true);
    const launchPageGone = (): boolean => !existsSync(join(window.profile, 'launch.html'));
    expect(await eventually(launchPageGone, 30_000), 'the launch page is still there').toBe(true);
    expect(acceptedConnections(port), 'no client is connected').toBeGreaterThan(0);
    await endServing(child, 'SIGKILL');
    // Only the profile: Chromium's GLib also keeps its dconf folder in the runtime dir, by design.
    const profileGone = (): boolean => !existsSync(window.profile);
    expect(await eventually(profileGone, 20_000), 'the profile is still there').toBe(true);
    const empty = (): boolean => readdirSync(scratch).length === 0;
    expect(await eventually(empty, 20_000), readdirSync(scratch).join(', ')).toBe(true);
  }, 60_000);

  it('puts a window profile in $TMPDIR where the socket fits, else the runtime dir, else /tmp', () => {
    const saved = {
      TMPDIR: process.env['TMPDIR'],
      XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'],
    };
    const deep = `/tmp/${'d'.repeat(70)}`;
    try {
      process.env['TMPDIR'] = '/var/tmp';
      process.env['XDG_RUNTIME_DIR'] = '/run/user/1000';
      expect(profileParents()).toEqual(['/var/tmp', '/run/user/1000', '/tmp']);
      process.env['TMPDIR'] = deep;
      expect(profileParents()).toEqual(['/run/user/1000', '/tmp']);
      delete process.env['XDG_RUNTIME_DIR'];
      expect(profileParents()).toEqual(['/tmp']);
      // A runtime dir as deep is passed over too, and /tmp is not listed twice.
      process.env['XDG_RUNTIME_DIR'] = deep;
      process.env['TMPDIR'] = '/tmp';
      expect(profileParents()).toEqual(['/tmp']);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  // Chromium's own single-instance folder (org.chromium.Chromium.*) lands in $TMPDIR too, and
  // only a clean exit of Chromium removes it: both ways of ending must leave the folder empty.
  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    const how = signal === 'SIGKILL' ? 'killed outright' : 'stopped (SIGTERM)';
    it(`leaves nothing in its temp folder, profile included, when serve mode is ${how}`, async ({
      skip,
    }) => {
      requireMachine(skip, 'linux', 'setpriv', 'chromium');
      const { child, scratch } = await serveWithWindow();
      const window = await appWindowOf(child.pid ?? 0);
      expect(window.profile.startsWith(scratch)).toBe(true);
      // The page has connected: Chromium is fully up, its single-instance socket made.
      const launchPageGone = (): boolean => !existsSync(join(window.profile, 'launch.html'));
      expect(await eventually(launchPageGone, 30_000)).toBe(true);
      await endServing(child, signal);
      const empty = (): boolean => readdirSync(scratch).length === 0;
      expect(await eventually(empty, 20_000), readdirSync(scratch).join(', ')).toBe(true);
    }, 60_000);
  }
});
