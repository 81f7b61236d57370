import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../../../../src/core/paths';
import { SYSTEM_PYTHON, requireMachine } from '../../support/machine';

/**
 * The Python pipe channels of the IPC lab must hold a whole framed message, like the bare
 * baseline's write: a default 64 KiB pipe takes a bare 64 KiB write, but not send_bytes' 4-byte
 * length (or SimpleQueue's pickle header) on top, so each framed message used to block its
 * writer until the reader drained it, a wake-up per message that the baseline never paid.
 */

/** Builds the channel as ipc_lab.py does, then puts one framed message with no reader. */
const PROBE = String.raw`
import json, multiprocessing, signal, sys
sys.path.insert(0, sys.argv[1])
from ipc_build import build
from ipc_frames import Frames
mechanism, size = sys.argv[2], int(sys.argv[3])
out = {}
for raw in (False, True):
    cfg = {"mechanism": mechanism, "mode": "throughput", "size": size, "raw": raw}
    state = {"pids": [], "keep": [], "close_after_start": [], "close_fds_after_start": [],
             "manager": None, "shm": None, "thread": False, "kernel": None}
    ends = build(cfg, multiprocessing.get_context("fork"), state)
    out["raw" if raw else "framed"] = state["kernel"]
    if not raw:
        signal.alarm(5)  # a put that blocks (nobody reads) ends the probe with SIGALRM
        ends["other_out"].send(Frames(size).data(0))
        signal.alarm(0)
        out["framedFits"] = True
print(json.dumps(out))
`;

function probe(mechanism: string, size: number): { status: number | null; out: string } {
  const run = spawnSync(
    SYSTEM_PYTHON,
    ['-B', '-c', PROBE, join(resourcesDir(), 'python'), mechanism, String(size)],
    { encoding: 'utf8', timeout: 20_000 },
  );
  return { status: run.status, out: run.stdout.trim() };
}

describe('Python pipe channels fit a whole framed message', () => {
  for (const mechanism of ['python-simple-queue', 'python-pipe-bytes', 'python-queue']) {
    it(`${mechanism}: a 64 KiB framed message goes into the pipe with no reader`, ({ skip }) => {
      requireMachine(skip, 'python');
      const { status, out } = probe(mechanism, 65_536);
      // Before the fix the put blocked on the full pipe and the alarm killed the probe.
      expect(status, out).toBe(0);
      const result = JSON.parse(out) as { framed: string; raw: string; framedFits: boolean };
      expect(result.framedFits).toBe(true);
      // The baseline writes on the same kind of pipe, set up alike: the same capacity.
      expect(result.framed).toMatch(/^pipe:\[\d+\], holds \d+ KiB$/);
      expect(result.raw.replace(/\[\d+\]/, '')).toBe(result.framed.replace(/\[\d+\]/, ''));
    });
  }
});
