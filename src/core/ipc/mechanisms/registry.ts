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
};

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

/** Null when a mechanism can run here, else why not. */
export async function unavailableReason(mechanism: IpcMechanism): Promise<string | null> {
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
};

/** Every mechanism with whether it can run here. */
export async function listMechanisms(): Promise<IpcMechanismInfo[]> {
  return Promise.all(
    IPC_MECHANISMS.map(async (id) => {
      const reason = await unavailableReason(id);
      const info: IpcMechanismInfo = {
        id,
        ...IPC_MECHANISM_LABELS[id],
        available: reason === null,
      };
      if (reason !== null) info.reason = reason;
      const note = NOTES[id];
      if (note) info.note = note;
      return info;
    }),
  );
}
