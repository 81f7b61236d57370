import { timingSafeEqual } from 'node:crypto';

/**
 * Checks on every request to serve mode and the agent. Host guards against DNS rebinding (a
 * foreign site whose name resolves to our address); Origin guards the WebSocket against other
 * pages in the browser; the token proves the client was given it (the printed URL, the agent's
 * token file).
 */

/** The loopback names a server always answers to, at its own port. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Who may talk to one server: Host and Origin allow-lists. */
export interface AccessPolicy {
  /** True when the Host header names this server. */
  hostAllowed(host: string | undefined): boolean;
  /** True when the Origin header (or its absence) may open the WebSocket. */
  originAllowed(origin: string | undefined): boolean;
}

/** What an AccessPolicy allows beyond the loopback names at the server's port. */
export interface AccessOptions {
  port: number;
  /** Extra Host values, `name` (at the server's port) or `name:port`. */
  hosts?: readonly string[];
  /** Extra origins, as URLs (only their origin counts). */
  origins?: readonly string[];
  /**
   * Accept a WebSocket without an Origin header (the agent). Browsers always send Origin on a
   * WebSocket handshake and a page cannot remove it, so a client without one is not a page: it
   * is a program that can open TCP connections anyway, and the token is what stops it.
   */
  allowMissingOrigin?: boolean;
}

/** Builds the allow-lists of one server; names compare case-insensitively, as DNS does. */
export function accessPolicy(options: AccessOptions): AccessPolicy {
  const hosts = new Set(LOOPBACK_NAMES.map((name) => `${name}:${options.port}`));
  for (const host of options.hosts ?? []) hosts.add(hostWithPort(host, options.port));
  const origins = new Set(LOOPBACK_NAMES.map((name) => `http://${name}:${options.port}`));
  for (const origin of options.origins ?? []) origins.add(normalizeOrigin(origin));
  return {
    hostAllowed: (host) => host !== undefined && hosts.has(host.toLowerCase()),
    originAllowed: (origin) =>
      origin === undefined ? options.allowMissingOrigin === true : origins.has(origin),
  };
}

/** `name[:port]` → `name:port` in lower case; throws a one-line reason on a malformed value. */
export function hostWithPort(value: string, port: number): string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?$/.exec(value);
  const name = match?.[1];
  const explicit = match?.[2] === undefined ? port : Number(match[2]);
  if (name === undefined || explicit > 65535) {
    throw new Error(`not a host name with an optional port: ${JSON.stringify(value)}`);
  }
  return `${name.toLowerCase()}:${explicit}`;
}

/** A URL's origin as browsers send it ("http://host:port"); throws on anything else. */
export function normalizeOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`not an origin URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`an origin is http:// or https:// (got ${JSON.stringify(value)})`);
  }
  return url.origin;
}

/** True when the Host header names this server on loopback. */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return accessPolicy({ port }).hostAllowed(host);
}

/** True when the Origin header is this server's own page. A missing Origin is refused. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return accessPolicy({ port }).originAllowed(origin);
}

/** Compares a presented token with the session's in constant time. */
export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  // Unequal lengths end early: the length of a 32-byte random token is no secret.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer TOKEN` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
