import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { IpcMechanism, IpcMode } from '../../../shared/ipc-mechanisms';
import { startPythonScript } from '../../os/python-child';
import { resourcesDir } from '../../paths';
import { unlessStopped, type MechanismRun, type RunContext } from './context';
import { ipcPython } from './python-interpreter';

/**
 * The Python mechanisms: one Python process (resources/python/ipc_lab.py) runs the whole
 * measurement between its own processes or threads, with the lab's frame (same header, pattern
 * payload and checks, in ipc_frames.py), and reports JSON lines: every ~100 ms the counts and
 * latency histogram buckets since its last report, which merge into the run's meter exactly like
 * a Node worker's deltas. So a Python run's result and `ipc:traffic` samples are made the same
 * way as a Node run's.
 */

/** The script every Python mechanism runs. */
export function ipcLabScriptPath(): string {
  return join(resourcesDir(), 'python', 'ipc_lab.py');
}

/** Test hooks: damage one message on the Python side, to show the checks catch it. */
export const pythonTestHooks: { corruptAt: number | null } = { corruptAt: null };

const count = z.number().int().nonnegative();
const countsSchema = z
  .object({
    bytes: count,
    messages: count,
    received: count,
    lost: count,
    duplicated: count,
    corrupted: count,
  })
  .strict();
const latencySchema = z
  .object({
    buckets: z.array(z.tuple([count, count])).max(1000),
    sumUs: z.number().nonnegative(),
    maxUs: z.number().nonnegative(),
  })
  .strict();
const pid = z.number().int().positive();

/** A line ipc_lab.py writes: checked before use, as everything crossing a process boundary. */
const lineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), pid, version: z.string().max(40) }),
  z.object({ type: z.literal('pids'), pids: z.array(pid).max(64) }),
  z.object({ type: z.literal('thread'), name: z.string().max(64), pid, tid: pid }),
  z.object({ type: z.literal('kernel'), what: z.string().max(400) }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('delta'), counts: countsSchema, latency: latencySchema.nullable() }),
  z.object({ type: z.literal('done'), sent: count, threads: count }),
  z.object({ type: z.literal('error'), message: z.string().max(2000) }),
]);

async function runPython(context: RunContext, mechanism: IpcMechanism, mode: IpcMode) {
  const { request, meter, signal } = context;
  const python = ipcPython();
  if (python.path === null) throw new Error(python.reason ?? 'no Python interpreter');
  if (request.producers !== 1) {
    throw new Error('the Python mechanisms have one producer end: set producers to 1');
  }
  const settings = {
    mechanism,
    mode,
    size: request.sizeBytes,
    count: request.count ?? null,
    durationMs: request.durationMs ?? null,
    rate: request.ratePerSec ?? null,
    raw: context.raw,
    corruptAt: pythonTestHooks.corruptAt,
    // The script starts pinned like the runner's thread; it pins its other end itself.
    receiverCpus: context.cores.receiver === undefined ? null : [context.cores.receiver],
    senderCpus: context.cores.sender === undefined ? null : [context.cores.sender],
  };
  const py = startPythonScript(python.path, ipcLabScriptPath(), [JSON.stringify(settings)]);
  py.child.stdin.on('error', () => undefined);
  let stderrTail = '';
  py.child.stderr.setEncoding('utf8');
  py.child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
  });
  context.addPids([py.pid]);
  let done = false;
  let scriptError: string | null = null;
  const lines = createInterface({ input: py.child.stdout });
  lines.on('line', (text) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // not one of ours
    }
    const checked = lineSchema.safeParse(parsed);
    if (!checked.success) {
      scriptError ??= `ipc_lab.py sent an unexpected line: ${text.slice(0, 200)}`;
      return;
    }
    const line = checked.data;
    switch (line.type) {
      case 'pids':
        if (line.pids.length > 0) context.addPids(line.pids);
        return;
      case 'thread':
        context.addThreads(1);
        return;
      case 'kernel':
        context.setKernelObject(line.what);
        return;
      case 'start':
        meter.markStart();
        return;
      case 'delta':
        meter.merge(line);
        return;
      case 'done':
        meter.markFinish();
        meter.sent = line.sent;
        done = true;
        return;
      case 'error':
        scriptError = line.message;
        return;
      case 'hello':
        return;
    }
  });
  try {
    const exit = await unlessStopped(signal, py.closed);
    if (scriptError !== null) throw new Error(`Python: ${scriptError}`);
    if (!done) {
      const why = exit.error ?? `exit code ${exit.code}, signal ${exit.signal}`;
      const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`ipc_lab.py ended without a result (${why})${tail ? `: ${tail}` : ''}`);
    }
  } finally {
    // Its children and a Manager's server are in its group: none outlives the run.
    py.killGroup();
    py.child.stdin.destroy();
    await py.closed;
  }
}

/** The throughput and round-trip runs of one Python mechanism. */
export function pythonMechanism(mechanism: IpcMechanism): {
  throughput: MechanismRun;
  roundTrip: MechanismRun;
} {
  return {
    throughput: (context) => runPython(context, mechanism, 'throughput'),
    roundTrip: (context) => runPython(context, mechanism, 'round-trip'),
  };
}
