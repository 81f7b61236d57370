import type { PythonStatus } from '../../../shared/experiment-params';

/**
 * The interpreter the IPC lab's Python mechanisms run on. It is the one the Experiments tab
 * found (same finder, same trust checks): the lab asks for it and hands the path to each runner
 * in its start message, so a runner never searches for or trusts an interpreter on its own.
 */

/** A usable interpreter's path, or why there is none. */
export interface IpcPython {
  path: string | null;
  /** Why Python mechanisms cannot run; null when `path` is usable. */
  reason: string | null;
}

/** Before anyone said which interpreter to use (a runner started without one, a direct test). */
export const NO_PYTHON_GIVEN: IpcPython = {
  path: null,
  reason: 'no Python interpreter was given to the IPC lab',
};

let current: IpcPython = NO_PYTHON_GIVEN;

/** Sets the interpreter for this process's Python runs (the runner, from its job). */
export function usePython(python: IpcPython): void {
  current = python;
}

/** The interpreter this process's Python runs use. */
export function ipcPython(): IpcPython {
  return current;
}

/** What the Experiments tab's finder reported, as the IPC lab's interpreter. */
export function ipcPythonFrom(status: PythonStatus): IpcPython {
  if (status.available && status.path) return { path: status.path, reason: null };
  return {
    path: null,
    reason: `Python is not available: ${status.error ?? 'no usable python3 was found'}`,
  };
}
