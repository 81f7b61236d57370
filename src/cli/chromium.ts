import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tiedToThisProcess } from '../core/tied-spawn';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The Chromium to use: $CHROMIUM_PATH, else the first one installed, else null. */
export function findChromium(): string | null {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((candidate) => existsSync(candidate)) ?? null;
}

/** Flags that keep Chromium from phoning home (this machine has no network beyond registries). */
export const QUIET_CHROMIUM_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** True when there is a display to open a window on. */
export function hasDisplay(): boolean {
  return Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

/** A Chromium app window; `closed` settles when the user closes it. */
export interface AppWindow {
  closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens `url` as a Chromium app window (no tabs, no address bar) with a throw-away profile, so
 * the window is our own process: closing it ends serve mode, and ending serve mode closes it.
 */
export async function openAppWindow(chromium: string, url: string): Promise<AppWindow> {
  const profile = await mkdtemp(join(tmpdir(), 'concurrency-lab-chromium-'));
  const args = [`--app=${url}`, `--user-data-dir=${profile}`, ...QUIET_CHROMIUM_FLAGS];
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox', '--test-type');
  // Tied to serve mode: if it is killed outright, the kernel closes the window too.
  const tied = tiedToThisProcess(chromium, args);
  const child: ChildProcess = spawn(tied.command, tied.args, { stdio: 'ignore' });
  const closed = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  }).then(() => rm(profile, { recursive: true, force: true }));
  return {
    closed,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await closed;
    },
  };
}
