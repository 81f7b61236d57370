/**
 * Processes the lab itself started (experiment hosts and workers, IPC peers), by the feature
 * that owns them. Features that spawn processes report them here; the sampler highlights them
 * in the process view and watches their threads automatically.
 */
export class TrackedProcesses {
  private readonly bySource = new Map<string, Set<number>>();
  private readonly listeners = new Set<() => void>();

  /** Replaces the pids a source (e.g. 'experiment', 'ipc') owns; an empty list clears it. */
  set(source: string, pids: Iterable<number>): void {
    const next = new Set(pids);
    if (next.size === 0) this.bySource.delete(source);
    else this.bySource.set(source, next);
    for (const listener of this.listeners) listener();
  }

  /** Every tracked pid with the source that owns it. */
  all(): Map<number, string> {
    const out = new Map<number, string>();
    for (const [source, pids] of this.bySource) for (const pid of pids) out.set(pid, source);
    return out;
  }

  /** The source owning a pid, if tracked. */
  sourceOf(pid: number): string | undefined {
    for (const [source, pids] of this.bySource) if (pids.has(pid)) return source;
    return undefined;
  }

  /** Calls `listener` after every change; returns the function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
