import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ResolvedExperimentParams,
  RunStatus,
  WorkerProgress,
} from '../../../shared/experiments';
import { resolveEntry } from '../../paths';
import type {
  FromHost,
  HostEvent,
  HostMeasurement,
  HostRunRequest,
} from '../protocol/host-protocol';
import { isAlive } from '../host/proc-tree';

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
}

/** How a host run ended. */
export type HostRunOutcome =
  | { status: 'ok'; measurement: HostMeasurement }
  | { status: Exclude<RunStatus, 'ok'>; error: string };

/** How long to wait for every pid of the tree to disappear after the kill. */
const GONE_WAIT_MS = 2000;

/** One run in its own host process. */
export class HostRun {
  /** Resolves once the tree is gone and temporary files are removed. */
  readonly finished: Promise<HostRunOutcome>;
  private readonly host: ChildProcess;
  private outcome: HostRunOutcome | null = null;
  private knownPids: number[] = [];
  private readonly timeout: NodeJS.Timeout;
  private stderrTail = '';

  constructor(
    params: ResolvedExperimentParams,
    pythonPath: string | null,
    listener: HostRunListener,
  ) {
    const fileDir =
      params.workload === 'file' ? mkdtempSync(join(tmpdir(), 'concurrency-lab-')) : null;
    const entry = resolveEntry('experiment-host');
    // detached: the host leads a new process group, so one kill reaches every descendant.
    this.host = fork(entry.file, [], {
      execArgv: entry.execArgv,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.host.stderr?.setEncoding('utf8');
    this.host.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.timeout = setTimeout(() => {
      this.end({ status: 'timeout', error: `timed out after ${params.timeoutS} s` });
    }, params.timeoutS * 1000);
    this.host.on('message', (message: FromHost) => {
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
        case 'pids':
          this.knownPids = message.pids;
          listener.pids(message.pids);
          return;
        case 'measured':
          this.end({ status: 'ok', measurement: message.measurement });
          return;
        case 'failed':
          this.end({ status: 'failed', error: message.error });
          return;
      }
    });
    const exited = new Promise<void>((resolve) => {
      this.host.on('exit', (code, signal) => {
        const how =
          signal !== null ? `was killed by ${signal}` : `exited with code ${String(code)}`;
        const detail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
        this.end({
          status: 'failed',
          error: `the experiment host ${how}${detail ? `: ${detail}` : ''}`,
        });
        resolve();
      });
    });
    this.finished = exited.then(async () => {
      clearTimeout(this.timeout);
      await this.waitUntilGone();
      if (fileDir !== null) rmSync(fileDir, { recursive: true, force: true });
      listener.pids([]);
      return (
        this.outcome ?? { status: 'failed', error: 'the experiment host ended without a result' }
      );
    });
  }

  /** The host's pid. */
  get pid(): number {
    return this.host.pid ?? -1;
  }

  /** Ends the run now: the whole tree is killed. */
  stop(reason = 'stopped by the user'): void {
    this.end({ status: 'stopped', error: reason });
  }

  private end(outcome: HostRunOutcome): void {
    this.outcome ??= outcome;
    clearTimeout(this.timeout);
    const pid = this.host.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    for (const known of this.knownPids) {
      try {
        process.kill(known, 'SIGKILL'); // anything that left the group (setsid) goes too
      } catch {
        // already gone
      }
    }
  }

  private async waitUntilGone(): Promise<void> {
    const deadline = Date.now() + GONE_WAIT_MS;
    while (this.knownPids.some(isAlive) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
