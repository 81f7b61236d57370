import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from '../core/paths';
import { isBuildStale } from './build-state';
import { ELECTRON_MISSING_REASON, findElectronBinary } from './electron-binary';
import { runServeMode } from './serve';

/**
 * `npm start` / `npm run serve` / `npm run dev`: builds when sources changed, then opens the
 * built Electron app — or, where Electron's binary is missing, the built CLI's serve mode in a
 * Chromium app window.
 */
async function start(argv: string[]): Promise<number> {
  const root = appRoot();
  const electronVite = join(root, 'node_modules', '.bin', 'electron-vite');
  const electron = argv.includes('--serve')
    ? null
    : findElectronBinary(join(root, 'node_modules', 'electron'));

  if (argv.includes('--dev')) {
    if (electron !== null) return run(electronVite, ['dev'], root);
    console.log(
      `${ELECTRON_MISSING_REASON}: serve mode over a watch build (reload to see changes).`,
    );
    const watcher = spawn(electronVite, ['build', '--watch'], { cwd: root, stdio: 'inherit' });
    try {
      await runServeMode({ port: 0, open: true });
    } finally {
      watcher.kill('SIGTERM');
    }
    return 0;
  }

  if (isBuildStale(root)) {
    console.log('Building Concurrency Lab…');
    const code = await run(electronVite, ['build'], root);
    if (code !== 0) return code;
  }
  if (electron !== null) return run(electron, ['.'], root);
  if (!argv.includes('--serve')) console.log(`${ELECTRON_MISSING_REASON}: starting serve mode.`);
  // The built CLI, not runServeMode from here: the app must run from its build, as installed.
  return run(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', '--open'], root);
}

/** Runs a command in the foreground, passing Ctrl-C on to it; resolves to its exit code. */
function run(command: string, args: string[], cwd: string): Promise<number> {
  const child = spawn(command, args, { cwd, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

start(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`concurrency-lab: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
