import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files the build produces; if any is missing the app must be built. */
const OUTPUTS = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/preload/index.js',
  'out/renderer/index.html',
];
/** Inputs whose change makes the build stale. */
const INPUTS = ['src', 'resources', 'package.json', 'electron.vite.config.ts'];

/** True when every file the build produces is there, however old. */
export function isBuilt(root: string): boolean {
  return OUTPUTS.every((output) => mtimeOf(join(root, output)) !== null);
}

/** True when an output is missing or older than any source file. */
export function isBuildStale(root: string): boolean {
  let oldestOutput = Infinity;
  for (const output of OUTPUTS) {
    const time = mtimeOf(join(root, output));
    if (time === null) return true;
    oldestOutput = Math.min(oldestOutput, time);
  }
  return INPUTS.some((input) => newestMtime(join(root, input)) > oldestOutput);
}

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

function newestMtime(path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}
