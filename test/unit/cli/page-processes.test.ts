import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { rendererProcessesUnder } from '../../../src/cli/page-processes';
import { requireMachine } from '../support/machine';

describe('the page processes serve mode reports', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  /** A real descendant whose command line ends with `args`, as a Chromium process's does. */
  async function child(...args: string[]): Promise<number> {
    const started = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', ...args], {
      stdio: 'ignore',
    });
    children.push(started);
    await new Promise((resolve) => started.once('spawn', resolve));
    return started.pid ?? 0;
  }

  it('are the descendants marked --type=renderer, and only those', async (context) => {
    requireMachine(context.skip, 'linux');
    const renderer = await child('--type=renderer', '--renderer-client-id=7');
    const gpu = await child('--type=gpu-process');
    const found = rendererProcessesUnder(process.pid);
    expect(found).toContain(renderer);
    expect(found).not.toContain(gpu);
    expect(found).not.toContain(process.pid);
  });
});
