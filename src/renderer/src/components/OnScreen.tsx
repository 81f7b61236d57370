import { useEffect, useRef, useState } from 'react';
import { TabVisibleContext, useTabVisible } from '../hooks/tab-visibility';

/** How often a view scrolled out of sight still takes new props (text for find and tests). */
export const OFF_SCREEN_REFRESH_MS = 2000;

/**
 * Wraps a view that may sit below the fold (the thread panel, the thread-count chart). While it
 * is scrolled out of the viewport its canvases and legends stop drawing (it reads as a hidden
 * tab), and new props reach it at most every OFF_SCREEN_REFRESH_MS instead of on every tick:
 * on a short window it cost the page as much as the views in sight.
 */
export function OnScreen(props: { children: React.ReactNode }): React.JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const tabVisible = useTabVisible();
  const [inViewport, setInViewport] = useState(true);
  useEffect(() => {
    const element = box.current;
    if (element === null || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      const last = entries.at(-1);
      if (last !== undefined) setInViewport(last.isIntersecting);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const shown = tabVisible && inViewport;
  // The same element as last time makes React skip the subtree: that is how a view out of
  // sight keeps its last output between refreshes.
  const kept = useRef<{ children: React.ReactNode; at: number }>({ children: null, at: -Infinity });
  /* eslint-disable react-hooks/refs, react-hooks/purity -- a deliberate render-time cache */
  const now = performance.now();
  if (shown || now - kept.current.at >= OFF_SCREEN_REFRESH_MS)
    kept.current = { children: props.children, at: now };
  const children = kept.current.children;
  /* eslint-enable react-hooks/refs, react-hooks/purity */
  return (
    <div ref={box} className="on-screen">
      {/* eslint-disable-next-line react-hooks/refs -- the kept output, on purpose */}
      <TabVisibleContext.Provider value={shown}>{children}</TabVisibleContext.Provider>
    </div>
  );
}
