import { descendantsOf } from '../core/os/process-tree';
import { readProcText } from '../core/os/procfs/readers';

/**
 * Chromium's renderer processes (the page's, whose cost each experiment result shows) among
 * the descendants of `root`: Chromium marks them with `--type=renderer` on their command line.
 */
export function rendererProcessesUnder(root: number): number[] {
  return descendantsOf(root).filter((pid) => {
    if (pid === root) return false;
    const cmdline = readProcText(`/proc/${pid}/cmdline`);
    return cmdline !== null && cmdline.split('\0').includes('--type=renderer');
  });
}
