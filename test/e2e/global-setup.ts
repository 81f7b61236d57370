import { watchForLeftovers } from '../unit/support/nothing-left';

/**
 * Playwright's global set-up: serve mode, its experiment and IPC runs and the browsers all get
 * a $TMPDIR of the run's own, and nothing may be left in it, in /dev/shm or running afterwards.
 */
export default function globalSetup(): () => Promise<void> {
  const check = watchForLeftovers();
  return async () => {
    const left = await check();
    if (left.length > 0) throw new Error(`The e2e tests left behind:\n  ${left.join('\n  ')}`);
  };
}
