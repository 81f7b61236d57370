/**
 * The app's Content-Security-Policy, used by the Electron build (a meta tag) and by serve mode
 * (a response header). Scripts and styles come only from the app itself; nothing is framed;
 * the page may connect back to its own origin (serve mode's WebSocket) and nowhere else.
 */
export function contentSecurityPolicy(delivery: 'header' | 'meta'): string {
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ];
  // Browsers ignore frame-ancestors in a meta tag and log an error for it.
  if (delivery === 'header') directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}
