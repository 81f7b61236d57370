import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ENTRY_POINTS, type EntryPointName } from './entry-points';

export { ENTRY_POINTS, type EntryPointName } from './entry-points';

/**
 * Locates the app's own files whether the code runs bundled (out/main/*.js, built by
 * electron-vite) or from source (tsx, vitest). Child processes and worker threads are started
 * from "entry points": bundled files in production, TypeScript sources loaded through tsx in
 * development and tests, so tests always exercise the current source without a build.
 */

/**
 * The folder holding package.json and the build (out/) or resources/: the root of the app. An
 * installed package has no src/, so the root is found by what every copy of the app holds.
 */
export function appRoot(): string {
  let dir = __dirname;
  for (;;) {
    const holdsApp = existsSync(join(dir, 'out')) || existsSync(join(dir, 'resources'));
    if (existsSync(join(dir, 'package.json')) && holdsApp) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the app root above ${__dirname}`);
    dir = parent;
  }
}

/**
 * True when this code was loaded from the electron-vite bundle rather than from source. The
 * bundle may put this module in a shared chunk (out/main/chunks/), so the file's extension is
 * what tells: only tsx and vitest load the .ts sources.
 */
export function isBundled(): boolean {
  return !__filename.endsWith('.ts');
}

/** The resources/ folder (Python scripts, icons). */
export function resourcesDir(): string {
  return join(appRoot(), 'resources');
}

/** The built renderer (index.html and assets), produced by `electron-vite build`. */
export function rendererDir(): string {
  return join(appRoot(), 'out', 'renderer');
}

/** How to start an entry point: the file and the Node flags it needs. */
export interface EntryPoint {
  file: string;
  execArgv: string[];
}

/**
 * tsx's loader as an absolute file URL: a bare `--import tsx` would be resolved from the
 * child's working directory, which need not be the app's.
 */
export function tsxLoaderUrl(): string {
  return pathToFileURL(appRequire().resolve('tsx')).href;
}

/** `require` as seen from the app root, to find the app's own dev dependencies. */
function appRequire(): NodeJS.Require {
  return createRequire(join(appRoot(), 'package.json'));
}

/**
 * Resolves an entry point: the bundled .js when bundled, else the .ts source through tsx.
 * `kind` says how it will run: a child process loads tsx with `--import`; a worker thread needs
 * tsx's CommonJS require hook instead, because Node 20 ignores `--import` in a Worker's execArgv.
 */
export function resolveEntry(
  name: EntryPointName,
  kind: 'process' | 'thread' = 'process',
): EntryPoint {
  if (isBundled()) return { file: join(appRoot(), 'out', 'main', `${name}.js`), execArgv: [] };
  const file = join(appRoot(), ENTRY_POINTS[name]);
  if (kind === 'thread') return { file, execArgv: ['--require', appRequire().resolve('tsx/cjs')] };
  return { file, execArgv: ['--import', tsxLoaderUrl()] };
}
