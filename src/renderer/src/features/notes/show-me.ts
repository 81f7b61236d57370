import type { ShowMeTarget } from './topics';

/**
 * "Show me": the notes panel asks the app to open a tab and bring one element of it into view.
 * The app switches tabs; the element may not exist yet (a tab's code loads on first open), so
 * this waits for it a few seconds, scrolls to it, marks it briefly and focuses its first control.
 */

type TabOpener = (tab: ShowMeTarget['tab']) => void;

let openTab: TabOpener | null = null;

/** The app registers how a tab is opened; returns the unregister function. */
export function onShowMeTab(opener: TabOpener): () => void {
  openTab = opener;
  return () => {
    if (openTab === opener) openTab = null;
  };
}

/** How long to wait for the element, ms: a lazily loaded tab can take a moment. */
const WAIT_MS = 5000;
/** How long the element stays marked, ms. */
const MARK_MS = 2500;

/** The first control inside that can take the focus now (a disabled one cannot). */
const enabledControl = (element: HTMLElement): HTMLElement | null =>
  element.querySelector<HTMLElement>(
    'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]',
  );

/** Scrolls to the element, marks it for a moment and focuses `focus`. */
function bringIntoView(element: HTMLElement, focus: HTMLElement): void {
  element.scrollIntoView({ block: 'center' });
  element.classList.add('show-me-mark');
  setTimeout(() => element.classList.remove('show-me-mark'), MARK_MS);
  if (focus === element && !element.hasAttribute('tabindex')) element.tabIndex = -1;
  focus.focus({ preventScroll: true });
}

/** Opens the target's tab and brings its element into view; false if it never appeared. */
export function showMe(target: ShowMeTarget): Promise<boolean> {
  openTab?.(target.tab);
  const started = performance.now();
  return new Promise((resolve) => {
    const look = (): void => {
      const element = document.querySelector<HTMLElement>(`[data-testid="${target.anchor}"]`);
      const shown = element !== null && element.offsetParent !== null;
      const control = shown ? enabledControl(element) : null;
      const timedOut = performance.now() - started >= WAIT_MS;
      // A view's controls can be disabled for a moment while it loads (e.g. Python being
      // checked): wait for one to be usable, and settle for the element itself at the end.
      if (shown && (control !== null || timedOut)) {
        bringIntoView(element, control ?? element);
        resolve(true);
      } else if (timedOut) {
        resolve(false);
      } else {
        requestAnimationFrame(look);
      }
    };
    requestAnimationFrame(look);
  });
}
