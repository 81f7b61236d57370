import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tiedSpawn } from '../core/os/tied';
import { writeLaunchPage } from './launch-page';
import { removeWhenGone } from './remove-when-gone';
import { makeWindowProfile } from './window-profile';

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

/** Extra Chromium flags from $CONCURRENCY_LAB_CHROMIUM_FLAGS (space-separated), e.g. --headless. */
export function extraChromiumFlags(): string[] {
  return (process.env['CONCURRENCY_LAB_CHROMIUM_FLAGS'] ?? '').split(/\s+/).filter(Boolean);
}

/** True when there is a display to open a window on (or Chromium is told to run headless). */
export function hasDisplay(): boolean {
  if (extraChromiumFlags().some((flag) => flag.startsWith('--headless'))) return true;
  return Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
}

/** A Chromium app window; `closed` settles when the user closes it. */
export interface AppWindow {
  closed: Promise<void>;
  close(): Promise<void>;
  /** Deletes the launch page that held the token: call once the page has connected. */
  launched(): Promise<void>;
}

/**
 * Opens `url` as a Chromium app window (no tabs, no address bar) with a throw-away profile, so
 * the window is our own process: closing it ends serve mode, and ending serve mode closes it.
 * `url` carries the token, so Chromium is pointed at a launch page only we can read instead:
 * its command line is readable by every local user (/proc/PID/cmdline) and gets recorded.
 */
export async function openAppWindow(chromium: string, url: string): Promise<AppWindow> {
  const { dir: profile, tmp } = await makeWindowProfile();
  const launch = await writeLaunchPage(profile, url);
  const args = [`--app=${launch.fileUrl}`, `--user-data-dir=${profile}`, ...QUIET_CHROMIUM_FLAGS];
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox', '--test-type');
  args.push(...extraChromiumFlags());
  // Tied to serve mode: if it is killed outright, the kernel closes the window too.
  const tied = tiedSpawn(chromium, args);
  const child: ChildProcess = spawn(tied.command, tied.args, {
    stdio: 'ignore',
    // Its single-instance folder goes inside the profile, and with it (window-profile.ts).
    env: { ...process.env, TMPDIR: tmp },
  });
  // And the profile (launch page included) is removed even then.
  const leftovers = removeWhenGone(profile, child.pid);
  const closed = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  })
    .then(() => rm(profile, { recursive: true, force: true }))
    .finally(() => leftovers.release());
  return {
    closed,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await closed;
    },
    launched: () => launch.remove(),
  };
}
