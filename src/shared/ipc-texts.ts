import type { IpcMechanism } from './ipc-mechanisms';

/**
 * The English words the lab uses about its IPC mechanisms: what each is compared with, and
 * what the kernel or runtime really does for it. The core sends them, the CLI prints them, and
 * the UI's English texts are these same objects (its other languages translate them by id).
 */

/** What each mechanism's compare baseline is: the minimal same-kind channel. */
export const IPC_BASELINES = {
  pipe: 'same child stdio, bare writes of the payload, read back with no framing, sequence or checksum',
  fifo: 'same FIFO, bare writes of the payload, read back with no framing, sequence or checksum',
  'unix-socket':
    'same socket, bare writes of the payload, read back with no framing, sequence or checksum',
  tcp: 'same connection, bare writes of the payload, read back with no framing, sequence or checksum',
  'node-ipc-json': 'process.send of the bare payload string, no envelope or checksum',
  'node-ipc-advanced': 'process.send of the bare payload bytes, no envelope or checksum',
  'message-port':
    'postMessage of the bare payload bytes, same credit window, no envelope or checksum',
  'shared-memory': 'the same ring and semaphores carrying bare payloads, no framing or checksum',
  signals: 'the same kill() loop (signals carry no payload to frame)',
  'python-pipe-bytes':
    "the Connection's own pipe (socketpair for round trips), os.write/os.read of the bare payload, no framing or checks",
  'python-pipe-pickle':
    "the Connection's own pipe (socketpair for round trips), os.write/os.read of the bare payload, no framing or checks",
  'python-socketpair':
    'the same socketpair, os.write/os.read of the bare payload, no framing or checks',
  'python-queue':
    "the Queue's own pipe, os.write/os.read of the bare payload, no framing or checks (no pickling, lock or feeder thread)",
  'python-simple-queue':
    "the SimpleQueue's own pipe, os.write/os.read of the bare payload, no framing or checks (no pickling or lock)",
  'python-manager-queue':
    'a pipe (socketpair for round trips) between the same two processes, os.write/os.read of the bare payload, no framing or checks: no server hop',
  'python-manager-dict':
    'a pipe (socketpair for round trips) between the same two processes, os.write/os.read of the bare payload, no framing or checks: no server hop',
  'python-queue-threads':
    'the same queue.Queue carrying the bare payload bytes, no framing or checks',
  'python-shared-memory':
    'the same SharedMemory ring and semaphores carrying bare payloads, no framing or checks',
} as const satisfies Record<IpcMechanism, string>;

/** What the kernel or runtime really does for a mechanism, where it is worth saying. */
export const IPC_MECHANISM_NOTES = {
  pipe: "Node (libuv) creates child stdio 'pipes' as AF_UNIX socket pairs on Linux; the FIFO is the kernel pipe object",
  signals: 'signals carry no payload; message size does not apply',
  'python-pipe-pickle':
    'pickles each message (a bytes object: a copy plus a few header bytes); no throughput target',
  'python-queue':
    "put() hands the message to the Queue's feeder thread (named QueueFeeder), which pickles and writes it",
  'python-manager-queue':
    "each put and get is a request and reply through the manager's server process; no throughput target",
  'python-manager-dict':
    "each message is a set and a pop through the manager's server process; no throughput target",
} as const satisfies Partial<Record<IpcMechanism, string>>;

/** Said of every Python mechanism. */
export const PYTHON_MECHANISM_NOTE =
  'one producer end; runs in Python with the same frame and checks as Node';
