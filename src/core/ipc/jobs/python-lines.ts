import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { z } from 'zod';
import { startPythonScript } from '../../os/python-child';
import { resourcesDir } from '../../paths';
import { unlessStopped } from '../mechanisms/context';
import { ipcPython } from '../mechanisms/python-interpreter';

/**
 * Runs one of the lab's Python demo scripts (resources/python) on the interpreter the runner was
 * given, reads its JSON lines, checks each against `schema` (a process boundary) and hands them
 * to `onLine`. The script leads its own process group, which is killed on every way out — Stop
 * included — so no Python process outlives the demo.
 */
export async function runPythonLines<T>(
  script: string,
  settings: unknown,
  schema: z.ZodType<T>,
  onLine: (line: T) => void,
  options: { signal: AbortSignal; onPid?: (pid: number) => void },
): Promise<void> {
  const python = ipcPython();
  if (python.path === null) throw new Error(python.reason ?? 'no Python interpreter');
  const py = startPythonScript(python.path, join(resourcesDir(), 'python', script), [
    JSON.stringify(settings),
  ]);
  py.child.stdin.on('error', () => undefined);
  options.onPid?.(py.pid);
  let stderrTail = '';
  py.child.stderr.setEncoding('utf8');
  py.child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
  });
  let failure: string | null = null;
  const lines = createInterface({ input: py.child.stdout });
  lines.on('line', (text) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return; // not one of ours (a stray print)
    }
    const checked = schema.safeParse(parsed);
    if (!checked.success) {
      failure ??= `${script} sent an unexpected line: ${text.slice(0, 200)}`;
      return;
    }
    try {
      onLine(checked.data);
    } catch (error) {
      failure ??= error instanceof Error ? error.message : String(error);
    }
  });
  try {
    const exit = await unlessStopped(options.signal, py.closed);
    if (failure !== null) throw new Error(`Python: ${failure}`);
    if (exit.code !== 0) {
      const why = exit.error ?? `exit code ${exit.code}, signal ${exit.signal}`;
      const tail = stderrTail.trim().split('\n').slice(-3).join(' | ');
      throw new Error(`${script} failed (${why})${tail ? `: ${tail}` : ''}`);
    }
  } finally {
    py.killGroup();
    py.child.stdin.destroy();
    await py.closed;
  }
}
