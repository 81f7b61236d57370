import {
  IPC_MECHANISM_LABELS,
  IPC_MECHANISMS,
  type IpcMechanism,
  type IpcMechanismInfo,
  type IpcMode,
} from '../../../shared/ipc';
import { fifoUnavailableReason } from '../../os/fifo';
import { capabilities, isLinux } from '../../os/platform';
import type { MechanismRun } from './context';
import { messagePortMechanism, nodeIpcMechanism } from './messages';
import { pythonMechanism } from './python';
import { ipcPython, type IpcPython } from './python-interpreter';
import { sharedMemoryMechanism } from './shared-memory';
import { signalMechanism } from './signals';
import { streamMechanism } from './streams';

/** A mechanism's two runs and what its baseline is. */
interface MechanismEntry {
  throughput: MechanismRun;
  roundTrip: MechanismRun;
  /** The minimal same-kind channel it is compared with. */
  baseline: string;
}

const BARE_STREAM = 'bare writes of the payload, read back with no framing, sequence or checksum';
const BARE_OS = 'os.write/os.read of the bare payload, no framing or checks';

const MECHANISMS: Record<IpcMechanism, MechanismEntry> = {
  pipe: { ...streamMechanism('pipe'), baseline: `same child stdio, ${BARE_STREAM}` },
  fifo: { ...streamMechanism('fifo'), baseline: `same FIFO, ${BARE_STREAM}` },
  'unix-socket': { ...streamMechanism('unix-socket'), baseline: `same socket, ${BARE_STREAM}` },
  tcp: { ...streamMechanism('tcp'), baseline: `same connection, ${BARE_STREAM}` },
  'node-ipc-json': {
    ...nodeIpcMechanism('json'),
    baseline: 'process.send of the bare payload string, no envelope or checksum',
  },
  'node-ipc-advanced': {
    ...nodeIpcMechanism('advanced'),
    baseline: 'process.send of the bare payload bytes, no envelope or checksum',
  },
  'message-port': {
    ...messagePortMechanism,
    baseline: 'postMessage of the bare payload bytes, same credit window, no envelope or checksum',
  },
  'shared-memory': {
    ...sharedMemoryMechanism,
    baseline: 'the same ring and semaphores carrying bare payloads, no framing or checksum',
  },
  signals: {
    ...signalMechanism,
    baseline: 'the same kill() loop (signals carry no payload to frame)',
  },
  'python-pipe-bytes': {
    ...pythonMechanism('python-pipe-bytes'),
    baseline: `the Connection's own pipe (socketpair for round trips), ${BARE_OS}`,
  },
  'python-pipe-pickle': {
    ...pythonMechanism('python-pipe-pickle'),
    baseline: `the Connection's own pipe (socketpair for round trips), ${BARE_OS}`,
  },
  'python-socketpair': {
    ...pythonMechanism('python-socketpair'),
    baseline: `the same socketpair, ${BARE_OS}`,
  },
  'python-queue': {
    ...pythonMechanism('python-queue'),
    baseline: `the Queue's own pipe, ${BARE_OS} (no pickling, lock or feeder thread)`,
  },
  'python-simple-queue': {
    ...pythonMechanism('python-simple-queue'),
    baseline: `the SimpleQueue's own pipe, ${BARE_OS} (no pickling or lock)`,
  },
  'python-manager-queue': {
    ...pythonMechanism('python-manager-queue'),
    baseline: `a pipe (socketpair for round trips) between the same two processes, ${BARE_OS}: no server hop`,
  },
  'python-manager-dict': {
    ...pythonMechanism('python-manager-dict'),
    baseline: `a pipe (socketpair for round trips) between the same two processes, ${BARE_OS}: no server hop`,
  },
  'python-queue-threads': {
    ...pythonMechanism('python-queue-threads'),
    baseline: 'the same queue.Queue carrying the bare payload bytes, no framing or checks',
  },
  'python-shared-memory': {
    ...pythonMechanism('python-shared-memory'),
    baseline:
      'the same SharedMemory ring and semaphores carrying bare payloads, no framing or checks',
  },
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
  return MECHANISMS[mechanism].baseline;
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

const NOTES: Partial<Record<IpcMechanism, string>> = {
  pipe: isLinux()
    ? "Node (libuv) creates child stdio 'pipes' as AF_UNIX socket pairs on Linux; the FIFO is the kernel pipe object"
    : undefined,
  signals: 'signals carry no payload; message size does not apply',
  'python-pipe-pickle':
    'pickles each message (a bytes object: a copy plus a few header bytes); no throughput target',
  'python-queue':
    "put() hands the message to the Queue's feeder thread (named QueueFeeder), which pickles and writes it",
  'python-manager-queue':
    "each put and get is a request and reply through the manager's server process; no throughput target",
  'python-manager-dict':
    "each message is a set and a pop through the manager's server process; no throughput target",
};

/** Said of every Python mechanism. */
const PYTHON_NOTE = 'one producer end; runs in Python with the same frame and checks as Node';

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
        ? [NOTES[id], PYTHON_NOTE].filter(Boolean).join('; ')
        : NOTES[id];
      if (note) info.note = note;
      return info;
    }),
  );
}
