import { useEffect, useMemo, useRef, type RefObject } from 'react';

/** An element's width as its ResizeObserver reports it; see `useObservedWidth`. */
export interface ObservedWidth {
  /** CSS px; null until the first report. */
  read(): number | null;
  /** `onResize` runs whenever the width changes (the first report included). */
  subscribe(onResize: () => void): () => void;
}

/**
 * The width of an element's box, CSS px, as its ResizeObserver last reported it.
 *
 * Why not `clientWidth`: a frame task that reads it after an earlier task in the same frame
 * changed the page (a canvas sized, a text written) makes Blink lay the page out there and
 * then, at the next read after the next change, again (a compare view sizes a canvas per run
 * in one frame). The observer's figure comes from the frame's own layout.
 *
 * `read` is null until the first report (the element is not laid out yet: a view draws when
 * the report arrives). Where there is no ResizeObserver (the unit tests' DOM) it reads
 * `clientWidth`. `watching` is for an element that is not always rendered: the observer is
 * attached again when it turns true.
 */
export function useObservedWidth(ref: RefObject<Element | null>, watching = true): ObservedWidth {
  const width = useRef<number | null>(null);
  const listeners = useRef(new Set<() => void>());
  useEffect(() => {
    const element = ref.current;
    width.current = null;
    if (!watching || element === null || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const seen = entries.at(-1)?.contentRect.width ?? null;
      if (seen === width.current) return;
      width.current = seen;
      for (const listener of listeners.current) listener();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, watching]);
  return useMemo(
    () => ({
      read: () =>
        typeof ResizeObserver === 'undefined' ? (ref.current?.clientWidth ?? null) : width.current,
      subscribe: (onResize) => {
        listeners.current.add(onResize);
        return () => listeners.current.delete(onResize);
      },
    }),
    [ref],
  );
}
