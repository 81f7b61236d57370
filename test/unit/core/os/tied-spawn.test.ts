import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsxLoaderUrl } from '../../../../src/core/paths';
import { requireMachine } from '../../support/machine';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True while the pid exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('tiedSpawn', () => {
  it('ends the child when its parent is killed with SIGKILL', async ({ skip }) => {
    requireMachine(skip, 'linux', 'setpriv');
    // A parent that starts a long sleep through tiedSpawn and prints its pid.
    const module = join(__dirname, '../../../../src/core/os/tied.ts');
    const script = `
        const { spawn } = require('node:child_process');
        const { tiedSpawn } = require(${JSON.stringify(module)});
        const tied = tiedSpawn('sleep', ['60']);
        console.log(spawn(tied.command, tied.args, { stdio: 'ignore' }).pid);
        setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', tsxLoaderUrl(), '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const childPid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );
    // setpriv execs sleep in place: wait until the pid is the sleeper.
    for (
      let i = 0;
      i < 100 && !readFileSync(`/proc/${childPid}/comm`, 'utf8').startsWith('sleep');
      i += 1
    ) {
      await sleep(20);
    }
    expect(alive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    for (let i = 0; i < 100 && alive(childPid); i += 1) await sleep(20);
    expect(alive(childPid)).toBe(false);
  });
});
