/**
 * Decides whether an IPC message comes from the app's own page: the sender frame must be the
 * top frame of our window and its URL must be the renderer we loaded (same file, or same origin
 * for the dev server). Pure, so it is unit-tested without Electron.
 */
export function isTrustedRendererUrl(senderUrl: string, rendererUrl: string): boolean {
  let sender: URL;
  let expected: URL;
  try {
    sender = new URL(senderUrl);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:') {
    return sender.protocol === 'file:' && sender.pathname === expected.pathname;
  }
  return sender.origin === expected.origin;
}
