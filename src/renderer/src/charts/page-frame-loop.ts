import { FrameLoop, type FrameHost } from './frame-loop';

/** The page's own host: requestAnimationFrame, performance.now and the Page Visibility API. */
export function browserFrameHost(): FrameHost {
  return {
    requestFrame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    now: () => performance.now(),
    setTimer: (callback, ms) => {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    },
    documentHidden: () => document.hidden,
    onVisibilityChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

let pageLoop: FrameLoop | null = null;

/** The page's frame loop, created on first use. */
export function frameLoop(): FrameLoop {
  pageLoop ??= new FrameLoop(browserFrameHost());
  return pageLoop;
}
