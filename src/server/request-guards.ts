import { timingSafeEqual } from 'node:crypto';

/**
 * Checks on every serve-mode request. Host guards against DNS rebinding (a foreign site whose
 * name resolves to 127.0.0.1); Origin guards the WebSocket against other pages in the browser;
 * the token proves the page was opened from the URL the server printed.
 */

/** The only host names serve mode answers to. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

/** True when the Host header names this server on loopback. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return LOOPBACK_NAMES.some((name) => host === `${name}:${port}`);
}

/** True when the Origin header is this server's own page. A missing Origin is refused. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return false;
  return LOOPBACK_NAMES.some((name) => origin === `http://${name}:${port}`);
}

/** Compares a presented token with the session's in constant time. */
export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
