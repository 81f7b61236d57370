import { rmSync } from 'node:fs';
import type { ResolvedExperimentParams } from '../../../shared/experiment-params';
import type { RunStatus, WorkerProgress } from '../../../shared/experiment-results';
import type {
  FromHost,
  HostEvent,
  HostMeasurement,
  HostRunRequest,
} from '../protocol/host-protocol';
import type { RawTaskTrace } from '../protocol/task-trace';
import type { LoopDelay } from '../../../shared/task-lanes';
import { makeOwnedTempDir, sweepDeadOwnersTempDirs } from '../../os/owned-temp';
import { isAlive, killGroup, signalPid } from '../../os/process-tree';
import { startEntry, type StartedEntry } from '../../os/spawn';

/**
 * Runs one experiment in a fresh experiment host process and ends it: Stop, a timeout, a
 * failure and success all finish the same way, with SIGKILL to the host's process group, so
 * no worker of the run can outlive it.
 */

/** What a host run reports while it goes. */
export interface HostRunListener {
  event(event: HostEvent): void;
  progress(progress: {
    done: number;
    total: number;
    elapsedMs: number;
    workers: WorkerProgress[];
  }): void;
  /** The pids of the tree, host first, after every change; [] once the run is over. */
  pids(pids: number[]): void;
  /** The host has just stopped its clock: the run's measured interval ends now. */
  measured?(): void;
  /** Python threads' GIL turns, [start, end] ms on CLOCK_MONOTONIC per worker. */
  turns?(byWorker: Record<string, [number, number][]>): void;
  /** An async model's tasks and their turns (CLOCK_MONOTONIC ms), once, at the end. */
  tasks?(trace: RawTaskTrace): void;
  /** An async model's loop delay: the last interval's, or with `wholeRun` the whole loop's. */
  loopDelay?(delay: LoopDelay, wholeRun: boolean): void;
}

/** How a host run ended. */
export type HostRunOutcome =
  | { status: 'ok'; measurement: HostMeasurement }
  | { status: Exclude<RunStatus, 'ok'>; error: string };

/**
 * The file workload's folders are named with this, in the system temp folder. Each is owned by
 * the app (see owned-temp.ts), so a run's start removes those left by an app that was SIGKILLed
 * with its host and could clean nothing up.
 */
export const FILES_TEMP_PREFIX = 'concurrency-lab-files-';

/** How long to wait for every pid of the tree to disappear after the kill. */
const GONE_WAIT_MS = 2000;

/** One run in its own host process. */
export class HostRun {
  /** Resolves once the tree is gone and temporary files are removed. */
  readonly finished: Promise<HostRunOutcome>;
  private readonly host: StartedEntry;
  private outcome: HostRunOutcome | null = null;
  private knownPids: number[] = [];
  private readonly timeout: NodeJS.Timeout;
  private stderrTail = '';

  constructor(
    params: ResolvedExperimentParams,
    pythonPath: string | null,
    listener: HostRunListener,
  ) {
    // Folders of a dead app; only those of dead owners go, so this runs alongside the run.
    const swept = sweepDeadOwnersTempDirs([FILES_TEMP_PREFIX]);
    const fileDir = params.workload === 'file' ? makeOwnedTempDir(FILES_TEMP_PREFIX) : null;
    // detached: the host leads a new process group, so one kill reaches every descendant.
    try {
      this.host = startEntry('experiment-host', {
        kind: 'process',
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
    } catch (error) {
      if (fileDir !== null) rmSync(fileDir, { recursive: true, force: true });
      throw error;
    }
    const stderr = this.host.child?.stderr;
    stderr?.setEncoding('utf8');
    stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.timeout = setTimeout(() => {
      this.end({ status: 'timeout', error: `timed out after ${params.timeoutS} s` });
    }, params.timeoutS * 1000);
    this.host.onMessage((raw) => {
      const message = raw as FromHost;
      switch (message.type) {
        case 'ready': {
          const request: HostRunRequest = { type: 'run', params, fileDir, pythonPath };
          this.host.send(request);
          return;
        }
        case 'event':
          listener.event(message.event);
          return;
        case 'progress':
          listener.progress(message);
          return;
        case 'turns':
          listener.turns?.(message.turns);
          return;
        case 'tasks':
          listener.tasks?.(message.trace);
          return;
        case 'loop-delay':
          listener.loopDelay?.(message.delay, message.wholeRun === true);
          return;
        case 'pids':
          this.knownPids = message.pids;
          listener.pids(message.pids);
          return;
        case 'measured':
          listener.measured?.();
          this.end({ status: 'ok', measurement: message.measurement });
          return;
        case 'failed':
          this.end({ status: 'failed', error: message.error });
          return;
      }
    });
    const exited = this.host.exited.then(({ code, signal, error }) => {
      const how =
        error !== undefined
          ? `could not start: ${error}`
          : signal !== null
            ? `was killed by ${signal}`
            : `exited with code ${String(code)}`;
      const detail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
      this.end({
        status: 'failed',
        error: `the experiment host ${how}${detail ? `: ${detail}` : ''}`,
      });
    });
    this.finished = exited.then(async () => {
      clearTimeout(this.timeout);
      await this.waitUntilGone();
      await swept;
      if (fileDir !== null) rmSync(fileDir, { recursive: true, force: true });
      listener.pids([]);
      return (
        this.outcome ?? { status: 'failed', error: 'the experiment host ended without a result' }
      );
    });
  }

  /** The host's pid. */
  get pid(): number {
    return this.host.pid;
  }

  /** Ends the run now: the whole tree is killed. */
  stop(reason = 'stopped by the user'): void {
    this.end({ status: 'stopped', error: reason });
  }

  private end(outcome: HostRunOutcome): void {
    this.outcome ??= outcome;
    clearTimeout(this.timeout);
    // The host's whole group, even once the host itself has exited: its workers may linger.
    killGroup(this.host.pid, 'SIGKILL');
    // Anything that left the group (setsid) goes too.
    for (const known of this.knownPids) signalPid(known, 'SIGKILL');
  }

  private async waitUntilGone(): Promise<void> {
    const deadline = Date.now() + GONE_WAIT_MS;
    while (this.knownPids.some((pid) => isAlive(pid)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
