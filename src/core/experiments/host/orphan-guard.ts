/**
 * No orphans: a process of an experiment exits as soon as the process that started it is
 * gone, even when that process was SIGKILLed and could clean nothing up. Two signals, either
 * enough: the IPC channel to the parent closes (instant), and the parent pid changes
 * (re-parenting to init or a subreaper; polled, for children started without IPC).
 */

/** How often the parent pid is checked. */
const PPID_POLL_MS = 250;

/** Calls `onParentGone` once when this process's parent dies; returns the function that stops watching. */
export function watchParent(onParentGone: () => void): () => void {
  const parentAtStart = process.ppid;
  let fired = false;
  const fire = (): void => {
    if (fired) return;
    fired = true;
    onParentGone();
  };
  const timer = setInterval(() => {
    if (process.ppid !== parentAtStart) fire();
  }, PPID_POLL_MS);
  timer.unref();
  const onDisconnect = (): void => fire();
  if (process.connected) process.on('disconnect', onDisconnect);
  return () => {
    clearInterval(timer);
    process.off('disconnect', onDisconnect);
  };
}
