import { flushSync } from 'react-dom';
import { FrameLoop, type FrameHost } from './frame-loop';

/**
 * The page's own host: requestAnimationFrame, performance.now, the Page Visibility API, and
 * flushSync so a frame's React updates are committed in that frame.
 */
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
    // React renders the state a frame's draws set (legends, tables) inside this frame.
    batch: (draws) => flushSync(draws),
  };
}

let pageLoop: FrameLoop | null = null;

/** The page's frame loop, created on first use. */
export function frameLoop(): FrameLoop {
  pageLoop ??= new FrameLoop(browserFrameHost());
  return pageLoop;
}
