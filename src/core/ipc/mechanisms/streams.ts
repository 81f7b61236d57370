import { once } from 'node:events';
import { constants, openSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import { makeFifo } from '../../os/fifo';
import { capabilities } from '../../os/platform';
import { FrameDecoder, FrameWriter, payloadTemplate } from '../wire/frame';
import { deferred, unlessStopped, type MechanismRun, type RunContext } from './context';
import type { PeerConfig, StreamAddress, StreamKind } from '../protocol/peer-protocol';
import { endAll, startPeer, type Peer } from '../jobs/ends';
import { planFor, runPlan } from '../wire/produce-plan';

/**
 * The byte-stream mechanisms — anonymous pipe, FIFO, Unix domain socket, TCP loopback — as one
 * family: each lane is a peer process and a stream each way. The runner is always the consumer
 * (throughput) or the client (round trip), so the figures are measured where they arrive.
 */

/** One peer process and the runner's ends of its streams. */
interface Lane {
  peer: Peer;
  /** What the peer writes. */
  input: Readable;
  /** What the runner writes to the peer (round trip only). */
  output: Writable | null;
}

/** Peer config for lane `index`. */
type ConfigFor = (address: StreamAddress, index: number) => PeerConfig;

async function openLanes(
  context: RunContext,
  kind: StreamKind,
  echo: boolean,
  configFor: ConfigFor,
) {
  const lanes: Lane[] = [];
  const peers: Peer[] = [];
  const count = context.request.producers;
  const cpu = context.cores.sender;
  let server: net.Server | null = null;
  try {
    if (kind === 'pipe') {
      for (let i = 0; i < count; i += 1) {
        const peer = startPeer(configFor({ kind: 'pipe' }, i), {
          stdio: [echo ? 'pipe' : 'ignore', 'pipe', 'inherit', 'ipc'],
          cpu,
        });
        peers.push(peer);
        const { stdout, stdin } = peer.child;
        if (!stdout) throw new Error('pipe peer has no stdout');
        stdout.on('error', () => undefined);
        stdin?.on('error', () => undefined);
        lanes.push({ peer, input: stdout, output: echo ? stdin : null });
      }
      context.addPids(peers.map((p) => p.pid));
      await unlessStopped(context.signal, Promise.all(peers.map((p) => p.ready)));
      context.setKernelObject(describeStdio(peers[0]?.pid));
      return { lanes, peers, server };
    }
    if (kind === 'fifo') {
      const dir = await context.tempDir();
      for (let i = 0; i < count; i += 1) {
        // The runner reads `fromPeer`; an echo peer reads `toPeer`. Each read end is opened
        // non-blocking first, so the matching write-only open finds a reader and does not block.
        const fromPeer = join(dir, `lane${i}-from-peer.fifo`);
        const toPeer = join(dir, `lane${i}-to-peer.fifo`);
        await makeFifo(fromPeer);
        if (echo) await makeFifo(toPeer);
        const readFd = openSync(fromPeer, constants.O_RDONLY | constants.O_NONBLOCK);
        const address: StreamAddress = echo
          ? { kind: 'fifo', path: toPeer, replyPath: fromPeer }
          : { kind: 'fifo', path: fromPeer };
        const peer = startPeer(configFor(address, i), { cpu });
        peers.push(peer);
        context.addPids([peer.pid]);
        // Wrap the read end only once the peer holds the write end: a FIFO without writers
        // reads as end-of-file.
        await unlessStopped(context.signal, peer.ready);
        const input = new net.Socket({ fd: readFd, readable: true, writable: false });
        input.on('error', () => undefined);
        const output = echo
          ? new net.Socket({
              fd: openSync(toPeer, constants.O_WRONLY),
              readable: false,
              writable: true,
            })
          : null;
        output?.on('error', () => undefined);
        lanes.push({ peer, input, output });
      }
      return { lanes, peers, server };
    }
    server = net.createServer({ noDelay: true });
    const connections: net.Socket[] = [];
    const allConnected = deferred();
    server.on('connection', (socket) => {
      // A peer that is killed resets its connection; the lane's end handling reports it.
      socket.on('error', () => undefined);
      socket.setNoDelay(true);
      connections.push(socket);
      if (connections.length === count) allConnected.resolve();
    });
    let address: StreamAddress;
    if (kind === 'unix-socket') {
      const path = join(await context.tempDir(), 'lab.sock');
      server.listen(path);
      await once(server, 'listening');
      address = { kind, path };
    } else {
      server.listen({ host: '127.0.0.1', port: 0 });
      await once(server, 'listening');
      address = { kind, port: (server.address() as net.AddressInfo).port };
    }
    for (let i = 0; i < count; i += 1) peers.push(startPeer(configFor(address, i), { cpu }));
    context.addPids(peers.map((p) => p.pid));
    await unlessStopped(
      context.signal,
      Promise.all([...peers.map((p) => p.ready), allConnected.promise]),
    );
    for (let i = 0; i < count; i += 1) {
      const socket = connections[i]!;
      lanes.push({ peer: peers[i]!, input: socket, output: echo ? socket : null });
    }
    return { lanes, peers, server };
  } catch (error) {
    await endAll(peers);
    server?.close();
    throw error;
  }
}

/** What a pipe peer's stdout really is, from /proc (libuv gives child stdio socket pairs). */
function describeStdio(pid: number | undefined): string {
  if (pid === undefined || !capabilities().hasProcfs) return 'unknown';
  try {
    const link = readlinkSync(`/proc/${pid}/fd/1`);
    if (link.startsWith('socket:')) return `socketpair (AF_UNIX): /proc/${pid}/fd/1 → ${link}`;
    return link.startsWith('pipe:') ? `pipe: /proc/${pid}/fd/1 → ${link}` : link;
  } catch {
    return 'unknown';
  }
}

function ended(stream: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}

/** Producers in peers, the runner consuming and verifying every lane. */
function throughput(kind: StreamKind): MechanismRun {
  return async (context) => {
    const { request, raw, meter } = context;
    const { lanes, peers, server } = await openLanes(context, kind, false, (address, i) => ({
      role: 'stream-producer',
      address,
      plan: planFor(i, request.producers, request),
      raw,
    }));
    try {
      const counts = meter.ledger.counts;
      const size = request.sizeBytes;
      const laneEnds = lanes.map((lane) => {
        if (raw) {
          lane.input.on('data', (chunk: Buffer) => {
            counts.bytes += chunk.length;
            counts.messages = Math.floor(counts.bytes / size);
            counts.received = counts.messages;
          });
        } else {
          const decoder = new FrameDecoder(meter.ledger, size);
          lane.input.on('data', (chunk: Buffer) => decoder.push(chunk));
        }
        return ended(lane.input);
      });
      meter.markStart();
      for (const peer of peers) peer.go();
      const reports = await unlessStopped(
        context.signal,
        Promise.all([...peers.map((peer) => peer.done), ...laneEnds]),
      );
      meter.markFinish();
      for (const report of reports) if (report) meter.sent += report.sent;
    } finally {
      for (const lane of lanes) lane.input.destroy();
      server?.close();
      await endAll(peers);
    }
  };
}

/** Echo peers; the runner sends one message per lane at a time and times its return. */
function roundTrip(kind: StreamKind): MechanismRun {
  return async (context) => {
    const { meter } = context;
    const { lanes, peers, server } = await openLanes(context, kind, true, (address) => ({
      role: 'stream-echo',
      address,
    }));
    try {
      meter.markStart();
      const clients = lanes.map((lane, i) => rttClient(context, lane, i));
      const sent = await unlessStopped(context.signal, Promise.all(clients));
      meter.markFinish();
      meter.sent = sent.reduce((a, b) => a + b, 0);
    } finally {
      for (const lane of lanes) lane.input.destroy();
      server?.close();
      await endAll(peers);
    }
  };
}

async function rttClient(context: RunContext, lane: Lane, index: number): Promise<number> {
  const { request, raw, meter, signal } = context;
  const size = request.sizeBytes;
  const output = lane.output;
  if (!output) throw new Error('round trip needs a stream to the peer');
  const frames = new FrameWriter(size, index);
  const template = payloadTemplate(size);
  // The reply counts as back when its last byte arrives, before it is verified.
  let arrivedAt = 0;
  let arrived: (() => void) | null = null;
  const counts = meter.ledger.counts;
  if (raw) {
    let pending = 0;
    lane.input.on('data', (chunk: Buffer) => {
      arrivedAt = performance.now();
      pending += chunk.length;
      if (pending < size) return;
      pending -= size;
      counts.bytes += size;
      counts.messages += 1;
      counts.received += 1;
      arrived?.();
    });
  } else {
    const decoder = new FrameDecoder(
      {
        data: (producer, seq, bytes, intact) => {
          meter.ledger.data(producer, seq, bytes, intact);
          arrived?.();
        },
        end: () => undefined,
      },
      size,
    );
    lane.input.on('data', (chunk: Buffer) => {
      arrivedAt = performance.now();
      decoder.push(chunk);
    });
  }
  const closed = ended(lane.input).then(() => {
    throw new Error('the echo peer closed its stream');
  });
  closed.catch(() => undefined);
  const sent = await runPlan(
    planFor(index, request.producers, request),
    (seq) => {
      const startedAt = performance.now();
      const back = new Promise<void>((resolve) => (arrived = resolve));
      if (raw) output.write(template);
      else {
        const frame = frames.data(seq);
        output.write(frame);
        if (output.writableLength === 0) frames.release(frame);
      }
      return Promise.race([back, closed]).then(() => {
        meter.recordLatency((arrivedAt - startedAt) * 1000);
      });
    },
    () => signal.aborted,
  );
  output.end();
  return sent;
}

/** Runs for each stream mechanism, by mode. */
export function streamMechanism(kind: StreamKind): {
  throughput: MechanismRun;
  roundTrip: MechanismRun;
} {
  return { throughput: throughput(kind), roundTrip: roundTrip(kind) };
}
