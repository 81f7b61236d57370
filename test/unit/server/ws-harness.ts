import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { tsxLoaderUrl } from '../../../src/core/paths';
import type { ServerFrame } from '../../../src/shared/ws-protocol';

/** A serve-mode server running in a child process (see fixtures/serve-child.ts). */
export interface ServeChild {
  port: number;
  token: string;
  pid: number;
  /** The child's TMPDIR, private to it: whatever the lab leaves in a temp folder shows here. */
  tmpDir: string;
  /** Set once the child exited, with its code/signal and stderr (the crash, if any). */
  exit: { code: number | null; signal: string | null; stderr: string } | null;
  /** Resolves when the child exits, for any reason. */
  exited: Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

/** Starts serve mode in a child process (its files in a temp folder) and waits for it to listen. */
export async function startServeChild(): Promise<ServeChild> {
  const root = mkdtempSync(join(tmpdir(), 'lab-serve-child-'));
  const tmpDir = join(root, 'tmp');
  mkdirSync(tmpDir);
  // Saved machines go to the child's own config folder, never the user's.
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', tsxLoaderUrl(), join(__dirname, 'fixtures/serve-child.ts'), root],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: tmpDir, XDG_CONFIG_HOME: join(root, 'config') },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => setImmediate(resolve)));
  const info = await new Promise<{ port: number; token: string; pid: number }>(
    (resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = stdout.split('\n').find((l) => l.startsWith('{'));
        if (line !== undefined)
          resolve(JSON.parse(line) as { port: number; token: string; pid: number });
      });
      child.once('exit', (code) => reject(new Error(`serve child exited (${code}): ${stderr}`)));
    },
  );
  const result: ServeChild = {
    ...info,
    tmpDir,
    exit: null,
    exited,
    stop: async () => {
      if (result.exit === null) child.kill('SIGTERM');
      await exited;
      // A crashed child cleans nothing up: its folder goes here either way.
      rmSync(root, { recursive: true, force: true });
    },
  };
  child.once('exit', (code, signal) => (result.exit = { code, signal, stderr }));
  return result;
}

/** Resident memory of a process in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (match?.[1] === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** A well-behaved client (the ws library) with our Origin and the session token. */
export async function openClient(port: number, token: string): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, {
    headers: { Origin: `http://127.0.0.1:${port}` },
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

/** Sends one call on a ws client and waits for the answer with the same id. */
export function call(
  socket: WebSocket,
  id: number,
  channel: string,
  request: unknown,
): Promise<ServerFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'result' && frame.id === id) {
        socket.off('message', onMessage);
        resolve(frame);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'call', id, channel, request }));
  });
}

/** Sends many calls at once; resolves with every answer, by id, once each id got one. */
export function callMany(
  socket: WebSocket,
  calls: { id: number; channel: string; request: unknown }[],
): Promise<Map<number, ServerFrame[]>> {
  const answers = new Map<number, ServerFrame[]>();
  const waiting = new Set(calls.map((c) => c.id));
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type !== 'result' || frame.id === null) return;
      answers.set(frame.id, [...(answers.get(frame.id) ?? []), frame]);
      waiting.delete(frame.id);
      if (waiting.size === 0) {
        socket.off('message', onMessage);
        resolve(answers);
      }
    };
    socket.on('message', onMessage);
    for (const { id, channel, request } of calls) {
      socket.send(JSON.stringify({ type: 'call', id, channel, request }));
    }
  });
}

/** Resolves with the next payload of `stream` that reaches the client. */
export function nextStream(socket: WebSocket, stream: string): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.type === 'stream' && frame.stream === stream) {
        socket.off('message', onMessage);
        resolve(frame.payload);
      }
    };
    socket.on('message', onMessage);
  });
}

/** How to build one hand-made WebSocket frame. */
export interface RawFrame {
  opcode: number;
  payload: Buffer;
  fin?: boolean;
  rsv1?: boolean;
  /** Clients must mask; false sends an unmasked frame (a protocol error). */
  mask?: boolean;
  /** Lies about the payload length in the header (64-bit form), e.g. 2^60. */
  declaredLength?: bigint;
}

/** Encodes a frame as a client would put it on the wire. */
export function encodeFrame(frame: RawFrame): Buffer {
  const { opcode, payload, fin = true, rsv1 = false, mask = true } = frame;
  const length = frame.declaredLength ?? BigInt(payload.length);
  const head: number[] = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (frame.declaredLength === undefined && length < 126n) head.push(maskBit | Number(length));
  else if (frame.declaredLength === undefined && length < 65536n)
    head.push(maskBit | 126, Number(length >> 8n), Number(length & 0xffn));
  else {
    head.push(maskBit | 127);
    for (let shift = 56n; shift >= 0n; shift -= 8n) head.push(Number((length >> shift) & 0xffn));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (key[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from(head), key, masked]);
}

/** A raw TCP connection that completed the WebSocket handshake. */
export interface RawClient {
  socket: Socket;
  /** Resolves with the close code the server sent (null if the socket ended without one). */
  closed: Promise<{ code: number | null; reason: string }>;
  /** Text of every data frame received so far. */
  texts: string[];
}

/** Opens a TCP socket, upgrades it by hand (right Host, Origin, token) and parses server frames. */
export async function openRaw(port: number, token: string): Promise<RawClient> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    [
      `GET /ws?token=${token} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      `Origin: http://127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  const texts: string[] = [];
  let onUpgrade: ((refusal: string | null) => void) | null = null;
  const upgradedPromise = new Promise<void>((resolve, reject) => {
    onUpgrade = (refusal) => (refusal === null ? resolve() : reject(new Error(refusal)));
  });
  const closed = new Promise<{ code: number | null; reason: string }>((resolve) => {
    socket.on('close', () => {
      if (!upgraded) onUpgrade?.('the socket closed before the upgrade');
      resolve({ code: null, reason: 'socket ended without a close frame' });
    });
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          return onUpgrade?.(`upgrade refused: ${head}`);
        }
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        onUpgrade?.(null);
      }
      for (;;) {
        if (buffer.length < 2) return;
        const opcode = (buffer[0] ?? 0) & 0x0f;
        let length = (buffer[1] ?? 0) & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length);
        buffer = buffer.subarray(offset + length);
        if (opcode === 8) {
          resolve({
            code: payload.length >= 2 ? payload.readUInt16BE(0) : null,
            reason: payload.subarray(2).toString(),
          });
        } else if (opcode === 1) texts.push(payload.toString());
      }
    });
  });
  await upgradedPromise;
  return { socket, closed, texts };
}

const text = (length: number): Buffer => Buffer.alloc(length, 'x');
const closePayload = (code: number): Buffer => {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code);
  return payload;
};

/** Every malformed frame kind serve mode must survive, with the close code the client must get. */
export const MALFORMED_FRAMES: { kind: string; bytes: () => Buffer; code: number }[] = [
  {
    kind: 'a text frame over 64 KiB',
    bytes: () => encodeFrame({ opcode: 1, payload: text(70_000) }),
    code: 1009,
  },
  {
    kind: 'invalid UTF-8 in a text frame',
    bytes: () => encodeFrame({ opcode: 1, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
    code: 1007,
  },
  {
    kind: 'an unmasked client frame',
    bytes: () => encodeFrame({ opcode: 1, payload: Buffer.from('{}'), mask: false }),
    code: 1002,
  },
  {
    kind: 'RSV1 set without permessage-deflate',
    bytes: () => encodeFrame({ opcode: 1, payload: Buffer.from('{}'), rsv1: true }),
    code: 1002,
  },
  {
    kind: 'reserved opcode 3',
    bytes: () => encodeFrame({ opcode: 3, payload: Buffer.from('{}') }),
    code: 1002,
  },
  {
    kind: 'a 200-byte ping',
    bytes: () => encodeFrame({ opcode: 9, payload: text(200) }),
    code: 1002,
  },
  {
    kind: 'close code 999',
    bytes: () => encodeFrame({ opcode: 8, payload: closePayload(999) }),
    code: 1002,
  },
  {
    kind: 'a fragmented message over 64 KiB',
    bytes: () =>
      Buffer.concat([
        encodeFrame({ opcode: 1, payload: text(40_000), fin: false }),
        encodeFrame({ opcode: 0, payload: text(40_000) }),
      ]),
    code: 1009,
  },
  {
    kind: 'a declared length over 2^53',
    bytes: () => encodeFrame({ opcode: 1, payload: text(16), declaredLength: 2n ** 60n }),
    code: 1009,
  },
  {
    kind: 'a binary frame',
    bytes: () => encodeFrame({ opcode: 2, payload: Buffer.from('{}') }),
    code: 1003,
  },
  {
    kind: 'text that is not JSON',
    bytes: () => encodeFrame({ opcode: 1, payload: Buffer.from('{"type":') }),
    code: 1007,
  },
];
