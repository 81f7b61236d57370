import { descendantsOf, residentBytes } from '../../os';

/** How often the tree is re-read: often enough for the process view, cheap enough not to skew CPU. */
const POLL_MS = 250;

/**
 * Follows the experiment host's process tree while a run goes: which pids it holds (reported
 * on every change, for the sampler's highlighting) and the peak of their summed resident memory.
 */
export class TreeTracker {
  private timer: NodeJS.Timeout | null = null;
  private known = '';
  /** The highest summed RSS seen, in bytes. */
  peakRssBytes = 0;

  constructor(
    private readonly root: number,
    private readonly onPids: (pids: number[]) => void,
  ) {}

  /** Starts polling; reads once at once. */
  start(): void {
    this.scan();
    this.timer = setInterval(() => this.scan(), POLL_MS);
  }

  /** Reads the tree now (after a spawn, so the view does not wait a whole poll). */
  scan(): void {
    const pids = descendantsOf(this.root);
    let rss = 0;
    for (const pid of pids) rss += residentBytes(pid) ?? 0;
    this.peakRssBytes = Math.max(this.peakRssBytes, rss);
    const key = pids.join(',');
    if (key !== this.known) {
      this.known = key;
      this.onPids(pids);
    }
  }

  /** Stops polling. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
