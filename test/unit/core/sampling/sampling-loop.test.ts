import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { SamplingLoop } from '../../../../src/core/sampling/sampling-loop';

describe('SamplingLoop', () => {
  let loop: SamplingLoop | undefined;
  afterEach(() => loop?.stop());

  it('never runs two ticks at once, even when a tick outlasts the interval', async () => {
    let running = 0;
    let maxRunning = 0;
    let ticks = 0;
    loop = new SamplingLoop(async () => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await sleep(30); // slower than the 5 ms interval
      running -= 1;
      ticks += 1;
    }, 5);
    loop.start();
    while (ticks < 5) await sleep(10);
    expect(maxRunning).toBe(1);
  });

  it('does not tick while paused and ticks again after resume', async () => {
    let ticks = 0;
    loop = new SamplingLoop(() => void (ticks += 1), 5);
    loop.start();
    while (ticks < 2) await sleep(5);
    loop.pause();
    expect(loop.paused).toBe(true);
    const atPause = ticks;
    await sleep(60);
    expect(ticks).toBe(atPause);
    loop.resume();
    while (ticks < atPause + 2) await sleep(5);
    expect(loop.paused).toBe(false);
  });

  it('goes on after a failing tick and reports the failure', async () => {
    const errors: unknown[] = [];
    let ticks = 0;
    loop = new SamplingLoop(
      () => {
        ticks += 1;
        if (ticks === 1) throw new Error('collector broke');
      },
      5,
      (error) => errors.push(error),
    );
    loop.start();
    while (ticks < 3) await sleep(5);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('collector broke');
  });

  it('applies a new interval', () => {
    loop = new SamplingLoop(() => {}, 500);
    loop.setInterval(250);
    expect(loop.intervalMs).toBe(250);
  });
});
