import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../src/core/paths';
import { ensureBuilt, REPO_ROOT } from '../support/build';
import { descendantsOf, waitForExit } from '../support/process-tree';

beforeAll(() => ensureBuilt('fresh'), 200_000);

/** A process's command line (arguments joined by spaces) and environment, or null once gone. */
function describeProcess(pid: number): { cmdline: string; environ: string } | null {
  try {
    const read = (file: string): string =>
      readFileSync(`/proc/${pid}/${file}`, 'utf8').split('\0').join(' ');
    return { cmdline: read('cmdline'), environ: read('environ') };
  } catch {
    return null;
  }
}

describe('npm start without Electron', () => {
  it('says so in one line and runs the built CLI, which loads no source and no tsx', async () => {
    // No display: no Chromium window opens. An empty dist path: Electron's binary is missing.
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' };
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const start = spawn(
      process.execPath,
      ['--import', tsxLoaderUrl(), join(REPO_ROOT, 'src/cli/start.ts')],
      { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    let errors = '';
    start.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      start.once('exit', (code) => resolve(code)),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        start.stdout.on('data', () => {
          if (/http:\/\/127\.0\.0\.1:\d+/.test(output)) resolve();
        });
        void exited.then(() => reject(new Error(`npm start exited early: ${output}${errors}`)));
      });
      const lines = output.split('\n');
      expect(
        lines.filter((line) =>
          /Electron's binary is not installed.*starting serve mode/.test(line),
        ),
      ).toHaveLength(1);

      const tree = descendantsOf(start.pid ?? 0).flatMap((pid) => {
        const seen = describeProcess(pid);
        return seen === null ? [] : [{ pid, ...seen }];
      });
      const cli = tree.find((entry) => entry.cmdline.includes('out/main/cli.js serve --open'));
      expect(cli, `no built CLI among ${JSON.stringify(tree.map((e) => e.cmdline))}`).toBeDefined();
      for (const entry of tree) {
        expect(entry.cmdline).not.toMatch(/src\/|tsx/);
        expect(entry.environ).not.toMatch(/tsx/);
      }
    } finally {
      const tree = descendantsOf(start.pid ?? 0);
      // Ctrl-C in a terminal signals the whole process group: launcher and app alike.
      process.kill(-(start.pid ?? 0), 'SIGINT');
      expect(await exited, errors).toBe(0);
      expect(await waitForExit(tree, 3000)).toEqual([]);
    }
  }, 60_000);
});
