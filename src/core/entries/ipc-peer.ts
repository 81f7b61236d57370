import { once } from 'node:events';
import { constants, openSync } from 'node:fs';
import net from 'node:net';
import { FrameWriter, payloadTemplate } from '../ipc/wire/frame';
import {
  isControlMessage,
  type PeerConfig,
  type PeerMessage,
  type SignalTally,
  type StreamAddress,
} from '../ipc/protocol/peer-protocol';
import { pinThisThread } from '../os/affinity';
import { runPlan, type ProducePlan } from '../ipc/wire/produce-plan';
import { QueuePayloads } from '../ipc/wire/queue-payload';

/**
 * Entry point of an IPC peer process (bundle 'ipc-peer'): the far end of a mechanism. Its job is
 * its one argument (PeerConfig, JSON); it talks to the runner over its Node IPC channel. It
 * exits when done, when told to stop, or when the runner goes away (the channel disconnects).
 */

const config = JSON.parse(process.argv[2] ?? '{}') as PeerConfig;
/** The CPU to pin this process's main thread to, if the run has a placement. */
const cpu = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
// Shown by ps and the process view (Linux keeps the first 15 characters as the comm name).
process.title = `ipc-${config.role.replace(/^ipc-/, 'msgq-')}`;
let stopped = false;
let go: () => void = () => undefined;
const goSignal = new Promise<void>((resolve) => (go = resolve));

function tell(message: PeerMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) resolve();
    else process.send?.(message, undefined, undefined, () => resolve());
  });
}

async function finish(message: PeerMessage): Promise<never> {
  await tell(message);
  process.exit(0);
}

process.on('message', (message: unknown) => {
  if (!isControlMessage(message)) return;
  if (message.type === 'go') go();
  if (message.type === 'stop') {
    stopped = true;
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

/** Opens the peer's side of a byte stream: what it reads (echo only) and what it writes. */
async function openStream(
  address: StreamAddress,
  echo: boolean,
): Promise<{ input: net.Socket | null; output: net.Socket }> {
  switch (address.kind) {
    case 'pipe':
      return {
        input: echo ? new net.Socket({ fd: 0, readable: true, writable: false }) : null,
        output: new net.Socket({ fd: 1, readable: false, writable: true }),
      };
    case 'fifo': {
      // The runner already holds the read end of `path`, so this open does not block; a FIFO we
      // read from is opened non-blocking so that opening it does not wait for the writer.
      if (!echo) {
        const fd = openSync(address.path, constants.O_WRONLY);
        return { input: null, output: new net.Socket({ fd, readable: false, writable: true }) };
      }
      const inFd = openSync(address.path, constants.O_RDONLY | constants.O_NONBLOCK);
      const outFd = openSync(address.replyPath ?? address.path, constants.O_WRONLY);
      return {
        input: new net.Socket({ fd: inFd, readable: true, writable: false }),
        output: new net.Socket({ fd: outFd, readable: false, writable: true }),
      };
    }
    case 'unix-socket':
    case 'tcp': {
      const socket =
        address.kind === 'tcp'
          ? net.connect({ port: address.port, host: '127.0.0.1', noDelay: true })
          : net.connect(address.path);
      await once(socket, 'connect');
      return { input: echo ? socket : null, output: socket };
    }
  }
}

/** The runner closed or reset the channel: nothing left to do here. */
function exitOnError(stream: net.Socket | null): void {
  stream?.on('error', () => process.exit(0));
}

async function streamProducer(address: StreamAddress, plan: ProducePlan, raw: boolean) {
  const { output } = await openStream(address, false);
  exitOnError(output);
  await tell({ type: 'ready' });
  await goSignal;
  const writer = new FrameWriter(plan.size, plan.producer);
  const template = payloadTemplate(plan.size);
  const sent = await runPlan(
    plan,
    (seq) => {
      if (raw) return output.write(template) ? undefined : once(output, 'drain');
      const frame = writer.data(seq);
      let ok: boolean;
      if (output.writableLength > 0) {
        // Backlogged: the stream will hold the frame for a while; take it back when written.
        ok = output.write(frame, () => writer.release(frame));
      } else {
        // Usually written through to the kernel at once, and then the buffer is free again. A
        // callback on every write would cost a tick per message, which the baseline does not pay.
        ok = output.write(frame);
        if (output.writableLength === 0) writer.release(frame);
      }
      return ok ? undefined : once(output, 'drain');
    },
    () => stopped,
  );
  if (!raw) output.write(writer.end(sent));
  await new Promise<void>((resolve) => output.end(resolve));
  await finish({ type: 'done', sent });
}

async function streamEcho(address: StreamAddress) {
  const { input, output } = await openStream(address, true);
  if (!input) throw new Error('echo needs an input stream');
  exitOnError(input);
  exitOnError(output);
  input.on('data', (chunk: Buffer) => {
    if (!output.write(chunk)) {
      input.pause();
      output.once('drain', () => input.resume());
    }
  });
  input.on('end', () => output.end(() => void finish({ type: 'done', sent: 0 })));
  await tell({ type: 'ready' });
}

async function queueProducer(plan: ProducePlan, raw: boolean, json: boolean) {
  const payloads = new QueuePayloads(plan.size, json);
  let completed = 0;
  let issued = 0;
  let drained: (() => void) | null = null;
  const onSent = (): void => {
    completed += 1;
    if (drained && completed === issued) drained();
  };
  await tell({ type: 'ready' });
  await goSignal;
  const sent = await runPlan(
    plan,
    (seq) => {
      const message = raw ? payloads.bare() : payloads.message(plan.producer, seq);
      issued += 1;
      // send() returns false once its write queue passes 128 KiB: wait for the queue to empty.
      if (process.send?.(message, undefined, undefined, onSent)) return undefined;
      return new Promise<void>((resolve) => {
        drained = () => {
          drained = null;
          resolve();
        };
        if (completed === issued) drained();
      });
    },
    () => stopped,
  );
  await finish({ type: 'done', sent });
}

function queueEcho() {
  process.on('message', (message: unknown) => {
    if (!isControlMessage(message)) process.send?.(message as object);
  });
  void tell({ type: 'ready' });
}

async function signalSender(target: number, plan: ProducePlan) {
  const signals: SignalTally = { SIGUSR1: 0, SIGUSR2: 0 };
  await tell({ type: 'ready' });
  await goSignal;
  const sent = await runPlan(
    plan,
    (seq) => {
      const name = seq % 2 === 0 ? 'SIGUSR1' : 'SIGUSR2';
      process.kill(target, name);
      signals[name] += 1;
    },
    () => stopped,
  );
  await finish({ type: 'done', sent, signals });
}

function signalEcho(target: number) {
  process.on('SIGUSR1', () => process.kill(target, 'SIGUSR2'));
  void tell({ type: 'ready' });
}

async function main(): Promise<void> {
  if (cpu !== undefined) pinThisThread(cpu);
  switch (config.role) {
    case 'stream-producer':
      return streamProducer(config.address, config.plan, config.raw);
    case 'stream-echo':
      return streamEcho(config.address);
    case 'ipc-producer':
      return queueProducer(config.plan, config.raw, config.json);
    case 'ipc-echo':
      return queueEcho();
    case 'signal-sender':
      return signalSender(config.target, config.plan);
    case 'signal-echo':
      return signalEcho(config.target);
  }
}

main().catch(async (error: unknown) => {
  await finish({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
});
