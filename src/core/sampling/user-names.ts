import { readOnce } from './proc-file';
import { parsePasswd } from './system-parsers';

/** How long an unknown uid waits before /etc/passwd is read again, ms. */
const RELOAD_AFTER_MS = 30_000;

/**
 * uid → user name from /etc/passwd, read once and again (at most every 30 s) when a uid is
 * missing. No subprocess; a uid with no entry (containers, NSS users) reads as its number.
 */
export class UserNames {
  private names: Map<number, string> | null = null;
  private loadedAt = 0;

  constructor(private readonly passwdPath = '/etc/passwd') {}

  /** The user name for a uid, or the uid as text. */
  nameOf(uid: number): string {
    const now = Date.now();
    if (this.names === null || (!this.names.has(uid) && now - this.loadedAt > RELOAD_AFTER_MS)) {
      this.names = parsePasswd(readOnce(this.passwdPath)?.toString('utf8') ?? '');
      this.loadedAt = now;
    }
    return this.names.get(uid) ?? String(uid);
  }
}
