import {
  IPC_MECHANISM_LABELS,
  IPC_MECHANISMS,
  type IpcMechanism,
  type IpcMode,
} from '../../../shared/ipc-mechanisms';
import type { IpcMechanismInfo } from '../../../shared/ipc-results';
import {
  IPC_BASELINES,
  IPC_MECHANISM_NOTES,
  PYTHON_MECHANISM_NOTE,
} from '../../../shared/ipc-texts';
import { fifoUnavailableReason } from '../../os/fifo';
import { capabilities, isLinux } from '../../os/platform';
import type { MechanismRun } from './context';
import { messagePortMechanism, nodeIpcMechanism } from './messages';
import { pythonMechanism } from './python';
import { ipcPython, type IpcPython } from './python-interpreter';
import { sharedMemoryMechanism } from './shared-memory';
import { signalMechanism } from './signals';
import { streamMechanism } from './streams';

/** A mechanism's two runs. */
interface MechanismEntry {
  throughput: MechanismRun;
  roundTrip: MechanismRun;
}

const MECHANISMS: Record<IpcMechanism, MechanismEntry> = {
  pipe: streamMechanism('pipe'),
  fifo: streamMechanism('fifo'),
  'unix-socket': streamMechanism('unix-socket'),
  tcp: streamMechanism('tcp'),
  'node-ipc-json': nodeIpcMechanism('json'),
  'node-ipc-advanced': nodeIpcMechanism('advanced'),
  'message-port': messagePortMechanism,
  'shared-memory': sharedMemoryMechanism,
  signals: signalMechanism,
  'python-pipe-bytes': pythonMechanism('python-pipe-bytes'),
  'python-pipe-pickle': pythonMechanism('python-pipe-pickle'),
  'python-socketpair': pythonMechanism('python-socketpair'),
  'python-queue': pythonMechanism('python-queue'),
  'python-simple-queue': pythonMechanism('python-simple-queue'),
  'python-manager-queue': pythonMechanism('python-manager-queue'),
  'python-manager-dict': pythonMechanism('python-manager-dict'),
  'python-queue-threads': pythonMechanism('python-queue-threads'),
  'python-shared-memory': pythonMechanism('python-shared-memory'),
};

/** True for the mechanisms that run in Python. */
export function isPythonMechanism(mechanism: IpcMechanism): boolean {
  return mechanism.startsWith('python-');
}

/** The run for a mechanism and mode. */
export function mechanismRun(mechanism: IpcMechanism, mode: IpcMode): MechanismRun {
  const entry = MECHANISMS[mechanism];
  return mode === 'throughput' ? entry.throughput : entry.roundTrip;
}

/** What a mechanism's baseline is. */
export function baselineOf(mechanism: IpcMechanism): string {
  return IPC_BASELINES[mechanism];
}

const POSIX_ONLY: Partial<Record<IpcMechanism, string>> = {
  pipe: 'child stdio pipes are measured on POSIX systems only',
  'unix-socket': 'Unix domain sockets are measured on POSIX systems only',
  signals: 'SIGUSR1/SIGUSR2 do not exist on Windows',
};

/**
 * Null when a mechanism can run here, else why not. Python mechanisms need the interpreter the
 * Experiments tab found (`python`; this process's, as its runner was told, unless given).
 */
export async function unavailableReason(
  mechanism: IpcMechanism,
  python: IpcPython = ipcPython(),
): Promise<string | null> {
  if (isPythonMechanism(mechanism)) {
    if (!capabilities().isPosix) return 'the Python mechanisms fork processes (POSIX only)';
    return python.path === null ? (python.reason ?? 'no Python interpreter') : null;
  }
  if (!capabilities().isPosix && POSIX_ONLY[mechanism]) return POSIX_ONLY[mechanism] ?? null;
  if (mechanism === 'fifo') return fifoUnavailableReason();
  if (mechanism === 'shared-memory' && typeof SharedArrayBuffer !== 'function') {
    return 'SharedArrayBuffer is not available in this runtime';
  }
  return null;
}

/** The notes sent with each mechanism; the pipe's holds on Linux only. */
const NOTES: Partial<Record<IpcMechanism, string>> = {
  ...IPC_MECHANISM_NOTES,
  pipe: isLinux() ? IPC_MECHANISM_NOTES.pipe : undefined,
};

/** Every mechanism with whether it can run here (Python ones on `python`). */
export async function listMechanisms(python: IpcPython = ipcPython()): Promise<IpcMechanismInfo[]> {
  return Promise.all(
    IPC_MECHANISMS.map(async (id) => {
      const reason = await unavailableReason(id, python);
      const info: IpcMechanismInfo = {
        id,
        ...IPC_MECHANISM_LABELS[id],
        available: reason === null,
      };
      if (reason !== null) info.reason = reason;
      const note = isPythonMechanism(id)
        ? [NOTES[id], PYTHON_MECHANISM_NOTE].filter(Boolean).join('; ')
        : NOTES[id];
      if (note) info.note = note;
      return info;
    }),
  );
}
