import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildResult } from '../../../../src/core/experiments/lab/results';
import { clockTicksPerSecond } from '../../../../src/core/os/procfs/units';
import { LabService } from '../../../../src/core/service';
import {
  experimentResultSchema,
  type ExperimentEvent,
  type ExperimentResult,
} from '../../../../src/shared/experiment-results';
import { requireMachine } from '../../support/machine';
import { runParams } from '../../support/run-helpers';

/**
 * The lab's own cost in a result is checked against the kernel's own accounting: utime + stime
 * of /proc/PID/stat, read by the test over the run, compared as cores (CPU s / wall s).
 */

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
}

/** A run of ~1.5 s that itself costs almost nothing: 15 waits of 100 ms, one at a time. */
const QUIET_RUN = {
  workload: 'timer',
  model: 'node-sequential',
  tasks: 15,
  latencyMs: 100,
  baseline: 'skip',
} as const;

/** Agreement wanted between the lab's figure and the kernel's, in cores. */
const TOLERANCE = 0.15;

describe("a result's lab cost", () => {
  let service: LabService | undefined;
  let recordings: string | undefined;
  let burner: ChildProcess | undefined;
  afterEach(async () => {
    await service?.dispose();
    service = undefined;
    burner?.kill('SIGKILL');
    burner = undefined;
    if (recordings !== undefined) rmSync(recordings, { recursive: true, force: true });
  });

  function newService(): LabService {
    recordings = mkdtempSync(join(tmpdir(), 'lab-cost-test-'));
    service = new LabService({ recordingsDir: recordings });
    return service;
  }

  /**
   * Runs QUIET_RUN, reading `pid`'s CPU when the run starts and when its result arrives (the
   * lab measures between the same start and the host's end, a few ms earlier).
   */
  async function runAndWatch(
    lab: LabService,
    pid: number | 'self',
    whileRunning: (done: () => boolean) => void = () => undefined,
  ): Promise<{ result: ExperimentResult; kernelCores: number }> {
    let start: { cpu: number; wall: number } | null = null;
    let finished = false;
    const watched = new Promise<{ result: ExperimentResult; kernelCores: number }>((resolve) => {
      lab.onStream((stream, payload) => {
        if (stream === 'experiment:event' && (payload as ExperimentEvent).kind === 'run-start') {
          start = { cpu: cpuSeconds(pid), wall: performance.now() };
          whileRunning(() => finished);
        }
        if (stream === 'experiment:result' && start !== null) {
          finished = true;
          const wallS = (performance.now() - start.wall) / 1000;
          const kernelCores = (cpuSeconds(pid) - start.cpu) / wallS;
          resolve({ result: payload as ExperimentResult, kernelCores });
        }
      });
    });
    const started = await lab.call('experiment:start', { runs: [QUIET_RUN] });
    expect(started.ok).toBe(true);
    return watched;
  }

  it("counts the backend process's own CPU, as the kernel does", async (context) => {
    requireMachine(context.skip, 'linux');
    const lab = newService();
    // The backend busy meanwhile: this process (the LabService's) burns CPU in 20 ms slices,
    // yielding between them so the run's messages still get through.
    const burn = (done: () => boolean): void => {
      if (done()) return;
      const until = performance.now() + 20;
      while (performance.now() < until);
      setImmediate(() => burn(done));
    };
    const { result, kernelCores } = await runAndWatch(lab, 'self', burn);
    expect(result.status).toBe('ok');
    expect(kernelCores).toBeGreaterThan(0.3); // the burn did load the backend
    expect(result.labCost).not.toBeNull();
    expect(Math.abs((result.labCost?.backendCores ?? 0) - kernelCores)).toBeLessThan(TOLERANCE);
    expect(result.labCost?.pageCores).toBeNull(); // no page known: unknown, not 0
  });

  it("counts the page's renderer process when its pid is known", async (context) => {
    requireMachine(context.skip, 'linux');
    const lab = newService();
    // A real process burning CPU stands in for the page's renderer.
    const page = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    burner = page;
    const pid = page.pid ?? 0;
    lab.pageProcessIds = () => [pid];
    const { result, kernelCores } = await runAndWatch(lab, pid);
    expect(kernelCores).toBeGreaterThan(0.3);
    expect(result.labCost?.pageCores).not.toBeNull();
    expect(Math.abs((result.labCost?.pageCores ?? 0) - kernelCores)).toBeLessThan(TOLERANCE);
  });

  it('reads a recorded result from before the lab measured itself as "not measured"', () => {
    const old = {
      runId: 'run-1',
      params: { model: 'node-sequential', workload: 'timer', workers: 1 },
      status: 'ok',
      error: null,
      startedAt: 0,
      wallMs: 1000,
      cpuMs: 10,
      coresBusy: 0.01,
      speedup: 1,
      efficiency: 1,
      tasksPerSec: 15,
      logicalCores: 2,
      conclusion: 'a run',
    };
    expect(experimentResultSchema.parse(old)).toMatchObject({ labCost: null });
    const now = { ...old, labCost: { backendCores: 0.1, pageCores: null } };
    expect(experimentResultSchema.parse(now).labCost).toEqual(now.labCost);
  });

  it('leaves the lab cost out of other load', () => {
    const measurement = {
      startedAt: 0,
      wallMs: 1000,
      userMs: 400,
      sysMs: 100,
      voluntaryCtxSwitches: 0,
      involuntaryCtxSwitches: 0,
      peakRssBytes: 0,
      machineBusyCores: 1.5,
      checksum: 1,
      expectedChecksum: 1,
      parallelWorkers: 1,
      libuvPoolThreads: null,
      python: null,
    };
    const build = (labCost: ExperimentResult['labCost']): ExperimentResult =>
      buildResult({
        runId: 'run-1',
        params: runParams(QUIET_RUN),
        isBaseline: false,
        outcome: { status: 'ok', measurement },
        baseline: null,
        logicalCores: 2,
        startedAt: 0,
        elapsedMs: 1000,
        labCost,
        lanes: null,
      });
    // Machine 1.5 cores − the run's 0.5 − the lab's 0.3 + 0.2.
    expect(build({ backendCores: 0.3, pageCores: 0.2 }).otherLoadCores).toBeCloseTo(0.5);
    // An unknown page cost is not taken away (nor counted as 0 in the figure shown).
    expect(build({ backendCores: 0.3, pageCores: null }).otherLoadCores).toBeCloseTo(0.7);
    expect(build(null).otherLoadCores).toBeCloseTo(1.0);
  });
});
