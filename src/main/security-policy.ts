/**
 * The app's answers to what a page may do, as pure functions so each is unit-tested; security.ts
 * applies them to Electron. The page may not navigate, open windows, attach webviews or get any
 * permission (camera, notifications, clipboard…): it is a dashboard and needs none of them.
 */

/** Whether a permission request is granted: never. */
export function grantsPermission(_permission: string): boolean {
  return false;
}

/** Whether the page may navigate to `url`: never (the app is one page; a redirect is an attack). */
export function allowsNavigation(_url: string): boolean {
  return false;
}

/** What to do with window.open / target=_blank: never a new window; https links open in the user's browser. */
export function newWindowDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return {
    action: 'deny',
    openExternally: URL.canParse(url) && new URL(url).protocol === 'https:',
  };
}
