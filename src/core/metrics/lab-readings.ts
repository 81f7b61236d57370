import type { StreamChannel, StreamPayloads } from '../../shared/contract';
import type { IpcRunResult } from '../../shared/ipc-results';
import type { ThreadsSample } from '../../shared/sampling';

/**
 * What the metrics keep from the lab's own streams between scrapes, so a scrape reads nothing
 * the lab does not already read: the time each watched thread spent running, ready and blocked
 * (the sampler's per-interval split, added up), and the last IPC run per mechanism and mode.
 * Memory is bounded by what the lab watches: threads that leave the watch list are dropped.
 */

/** Seconds one watched thread spent in each state while the lab watched it. */
export interface WatchedThreadSeconds {
  pid: number;
  tid: number;
  name: string;
  running: number;
  ready: number;
  blocked: number;
}

/** Receives one stream payload (LabService.onStream's listener). */
type Listener = <S extends StreamChannel>(stream: S, payload: StreamPayloads[S]) => void;

/** The stream-fed part of the metrics. */
export class LabReadings {
  private readonly threads = new Map<string, WatchedThreadSeconds>();
  private readonly ipcRuns = new Map<string, IpcRunResult>();

  /** Feed this every stream payload. */
  readonly listener: Listener = (stream, payload) => {
    if (stream === 'sample:threads') this.addThreads(payload as ThreadsSample);
    else if (stream === 'ipc:result') {
      const event = payload as StreamPayloads['ipc:result'];
      if (event.kind === 'run' && event.result.status === 'completed') {
        const { mechanism, mode } = event.result.request;
        this.ipcRuns.set(`${mechanism}/${mode}`, event.result);
      }
    }
  };

  /** Every watched thread's seconds so far. */
  watchedThreads(): WatchedThreadSeconds[] {
    return [...this.threads.values()];
  }

  /** The last completed IPC run of each mechanism and mode. */
  lastIpcRuns(): IpcRunResult[] {
    return [...this.ipcRuns.values()];
  }

  private addThreads(sample: ThreadsSample): void {
    const seen = new Set<string>();
    const seconds = sample.elapsedMs / 1000;
    for (const process of sample.processes) {
      for (const thread of process.threads) {
        const key = `${process.pid}/${thread.tid}`;
        seen.add(key);
        // No split on first sight or where the OS has no schedstat: a thread is exported only
        // once some time was measured, so "unknown" never reads as 0 seconds.
        if (thread.split === null || !(seconds > 0)) continue;
        let entry = this.threads.get(key);
        if (entry === undefined) {
          entry = { pid: process.pid, tid: thread.tid, name: '', running: 0, ready: 0, blocked: 0 };
          this.threads.set(key, entry);
        }
        entry.name = thread.name;
        entry.running += (thread.split.running / 100) * seconds;
        entry.ready += (thread.split.ready / 100) * seconds;
        entry.blocked += (thread.split.blocked / 100) * seconds;
      }
    }
    for (const key of this.threads.keys()) if (!seen.has(key)) this.threads.delete(key);
  }
}
