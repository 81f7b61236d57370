import { createContext, useContext } from 'react';

/**
 * Whether the view reading it is on screen. Tabs stay mounted so they keep their state; a hidden
 * tab's views read this and do no drawing or per-frame work until it is shown again.
 */
export const TabVisibleContext = createContext(true);

/** True while the calling view's tab is the one shown (always true outside tabs). */
export function useTabVisible(): boolean {
  return useContext(TabVisibleContext);
}
