import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { z } from 'zod';
import { CALL_CHANNELS, requestSchemas } from '../../../src/shared/contract';
import { MODELS, WORKLOADS } from '../../../src/shared/experiment-models';
import { IPC_MECHANISMS } from '../../../src/shared/ipc-mechanisms';
import { EXPORT_FORMATS } from '../../../src/shared/recording';
import type { ServerFrame } from '../../../src/shared/ws-protocol';
import { Children } from '../support/os-helpers';
import { descendantsOf, survivorsAmong } from '../support/process-tree';
import {
  MALFORMED_FRAMES,
  call,
  nextStream,
  openClient,
  openRaw,
  startServeChild,
  type ServeChild,
} from './ws-harness';

/**
 * A seeded, bounded fuzzer against a real serve-mode server (in a child process): thousands of
 * calls with hostile bodies over every channel of the contract, frames that are JSON but not
 * calls, and every malformed frame kind. The same seed gives the same requests on every run.
 */
const SEED = 0x1abc0de;
const REQUESTS = 5_000;
const WINDOW = 64;

/** mulberry32: small, fast and deterministic. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const nested = (depth: number, leaf: unknown, asArray: boolean): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = asArray ? [value] : { a: value };
  return value;
};

const EDGE_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  0.5,
  -1.5,
  99,
  100,
  1000,
  10_000,
  2 ** 31,
  -(2 ** 31),
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  1e308,
  -1e308,
  5e-324,
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '0x10',
  '42',
  '-1',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  '/etc/shadow',
  '/tmp',
  '\u0000',
  'é😀\u202e',
  '%s%n%x',
  '${7*7}',
  '<script>',
  'x'.repeat(300),
  'y'.repeat(20_000),
  [],
  [1, 2, 3],
  [null],
  {},
  { __proto__: { polluted: true } },
  { constructor: { prototype: 1 } },
];

/** A random value: an edge case, a random number or string, or a nested structure. */
function value(depth = 0): unknown {
  const r = random();
  if (r < 0.5) return pick(EDGE_VALUES);
  if (r < 0.6) return Math.floor((random() - 0.5) * 2 ** (random() * 60));
  if (r < 0.7) return (random() - 0.5) * 10 ** Math.floor(random() * 20);
  if (r < 0.78)
    return String.fromCharCode(
      ...Array.from({ length: 1 + random() * 40 }, () => random() * 0xffff),
    );
  if (r < 0.8) return nested(100 + Math.floor(random() * 2000), pick(EDGE_VALUES), random() < 0.5);
  if (depth > 3) return pick(EDGE_VALUES);
  if (r < 0.9) return Array.from({ length: Math.floor(random() * 6) }, () => value(depth + 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(random() * 5) }, () => [
      String(pick(EDGE_VALUES)).slice(0, 40),
      value(depth + 1),
    ]),
  );
}

/** The field names a channel's request schema knows, to aim random values at real fields. */
function fieldsOf(channel: (typeof CALL_CHANNELS)[number]): string[] {
  const schema: z.ZodType = requestSchemas[channel];
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/**
 * Valid requests with small bounds (tiny runs, short durations): mutated by one field they probe
 * the edges of a valid request, and unmutated they really start short jobs (stopped at the end).
 */
const templates = (): Partial<Record<(typeof CALL_CHANNELS)[number], Record<string, unknown>>> => ({
  'experiment:start': {
    runs: [
      {
        workload: pick(WORKLOADS),
        model: pick(MODELS),
        tasks: 2,
        cpuSize: 100,
        latencyMs: 1,
        fileKiB: 1,
        timeoutS: 5,
        baseline: 'skip',
        workers: 1,
        concurrency: 1,
      },
    ],
  },
  'ipc:start': {
    mechanism: pick(IPC_MECHANISMS),
    mode: 'throughput',
    sizeBytes: 64,
    count: 20,
    producers: 1,
  },
  'ipc:producer-consumer': {
    transport: 'message-port',
    producers: 1,
    consumers: 1,
    capacity: 4,
    count: 20,
    produceUs: 0,
    consumeUs: 0,
  },
  'ipc:race': { workers: 2, iterations: 100, window: 0, modes: ['plain'] },
  'ipc:compare': { sizeBytes: 64, durationMs: 100, mechanisms: [pick(IPC_MECHANISMS)] },
  'recording:export': { format: pick(EXPORT_FORMATS) },
  'sampling:set-interval': { intervalMs: 1000 },
  'sampling:set-table-interval': { intervalMs: 1000 },
  'processes:watch': { pid: 1 },
  'process:get-settings': { pid: target },
  'process:signal': { pid: target, signal: pick(['SIGSTOP', 'SIGCONT']) },
  'process:renice': { pid: target, nice: 5 },
  'process:affinity': { pid: target, cpus: [0] },
});

/** The test's own sleep: what process actions act on (see `aimed`). */
const targets = new Children();
let target = 0;

/**
 * Process actions act on real processes, and a pid the fuzzer makes up could name any process on
 * this shared machine: every pid the schema would accept is aimed at the test's own sleep.
 */
function aimed(channel: string, request: unknown): unknown {
  if (!channel.startsWith('process:') || typeof request !== 'object' || request === null)
    return request;
  const pid = (request as { pid?: unknown }).pid;
  const usable = typeof pid === 'number' && Number.isInteger(pid) && pid >= 1 && pid < 2 ** 31;
  return usable ? { ...request, pid: target } : request;
}

/** A hostile request body for `channel`: known fields with random values, extra or missing keys. */
function body(channel: (typeof CALL_CHANNELS)[number]): unknown {
  const template = templates()[channel];
  if (template !== undefined && random() < 0.4) {
    const fields = Object.keys(template);
    return random() < 0.5 ? template : { ...template, [pick(fields)]: value() };
  }
  const r = random();
  if (r < 0.1) return value();
  if (r < 0.15) return undefined;
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(channel)) if (random() < 0.8) out[field] = value();
  if (random() < 0.2) out[String(pick(EDGE_VALUES)).slice(0, 60)] = value();
  return out;
}

/** A call frame, sometimes broken at the frame level (missing or mistyped keys, extra keys). */
function frame(id: number): Record<string, unknown> {
  const known = random() >= 0.05;
  const channel = known ? pick(CALL_CHANNELS) : String(value()).slice(0, 80);
  const request = known ? aimed(channel, body(channel as (typeof CALL_CHANNELS)[number])) : value();
  const call: Record<string, unknown> = { type: 'call', id, channel, request };
  const r = random();
  if (r < 0.02) delete call.request;
  else if (r < 0.04) delete call.channel;
  else if (r < 0.06) call.type = pick(EDGE_VALUES);
  else if (r < 0.08) call.extra = value();
  else if (r < 0.1) call.channel = pick(EDGE_VALUES);
  return call;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** The lab's temp folders in serve mode's private TMPDIR. */
const labTempDirs = (): string[] =>
  readdirSync(server.tmpDir).filter((name) => name.startsWith('concurrency-lab-'));

/** Child processes of serve mode, leaving out tsx's esbuild (how the test runs TypeScript). */
const labChildren = (): number[] =>
  descendantsOf(server.pid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'esbuild';
    } catch {
      return false;
    }
  });

/** An answer to a call (or to a frame that was not one). */
type Answer = Extract<ServerFrame, { type: 'result' }>;

let server: ServeChild;
let client: WebSocket;

beforeAll(async () => {
  target = targets.start('sleep', ['600']).pid ?? 0;
  server = await startServeChild();
  client = await openClient(server.port, server.token);
});

afterAll(async () => {
  client?.close();
  await server?.stop();
  await targets.killAll();
});

describe('fuzzing serve mode', () => {
  it(`survives ${REQUESTS} hostile calls and every malformed frame (seed ${SEED})`, async () => {
    // Fail fast, with the reason, if serve mode dies or drops the fuzzing client.
    const lost = new Promise<never>((_, reject) => {
      void server.exited.then(() =>
        reject(new Error(`serve mode died: ${JSON.stringify(server.exit)}`)),
      );
      client.once('close', (code, reason) =>
        reject(new Error(`the fuzzing client was closed: ${code} ${reason.toString()}`)),
      );
    });
    await Promise.race([fuzz(), lost]);
  }, 90_000);
});

/** The fuzzing run and every check on its outcome. */
async function fuzz(): Promise<void> {
  const started = Date.now();
  const tempDirsBefore = new Set(labTempDirs());
  const childrenBefore = new Set(labChildren());
  const answers = new Map<number, Answer[]>();
  const sent = new Map<number, Record<string, unknown>>();
  client.on('message', (data: WebSocket.RawData) => {
    const parsed = JSON.parse(data.toString()) as ServerFrame;
    if (parsed.type !== 'result' || parsed.id === null) return;
    answers.set(parsed.id, [...(answers.get(parsed.id) ?? []), parsed]);
  });
  const outstanding = (): number => [...sent.keys()].filter((id) => !answers.has(id)).length;

  const closeCodes: Record<string, number | null> = {};
  const sendMalformed = async (): Promise<void> => {
    for (const { kind, bytes } of MALFORMED_FRAMES) {
      const raw = await openRaw(server.port, server.token);
      raw.socket.write(bytes());
      closeCodes[kind] = (await raw.closed).code;
      raw.socket.destroy();
    }
  };

  for (let id = 1; id <= REQUESTS; id += 1) {
    if (id === 1 || id === REQUESTS / 2) await sendMalformed();
    let call = frame(id);
    let text = JSON.stringify(call);
    // Over 64 KiB is a malformed frame (tested above) and would close this client: trim.
    if (text.length > 60_000)
      text = JSON.stringify((call = { ...call, request: 'z'.repeat(1000) }));
    sent.set(id, call);
    client.send(text);
    while (outstanding() >= WINDOW && server.exit === null) await sleep(1);
    if (id % 500 === 0) expect(server.exit).toBeNull();
  }
  // Whatever the fuzzer may have started or changed, stop and restore it.
  const base = REQUESTS + 1;
  const restore = [
    ['experiment:stop', {}],
    ['ipc:stop', {}],
    ['recording:stop', {}],
    ['sampling:resume', {}],
    ['sampling:set-interval', { intervalMs: 500 }],
    ['experiment:set-python', { path: null }],
  ] as const;
  for (const [i, [channel, request]] of restore.entries()) {
    expect(await call(client, base + i, channel, request)).toMatchObject({ ok: true });
  }
  for (const until = Date.now() + 20_000; outstanding() > 0 && Date.now() < until;) await sleep(50);

  expect(server.exit).toBeNull();
  const unanswered = [...sent.keys()].filter((id) => !answers.has(id));
  expect(unanswered.map((id) => sent.get(id))).toEqual([]);
  const answeredTwice = [...answers.entries()].filter(([, list]) => list.length !== 1);
  expect(answeredTwice).toEqual([]);
  const longErrors: unknown[] = [];
  const pythonsAccepted: unknown[] = [];
  for (const [id, call] of sent) {
    const [answer] = answers.get(id) ?? [];
    if (answer !== undefined && !answer.ok && answer.error.length > 1200) longErrors.push(call);
    // A path from the fuzzer is never a Python the lab would run: refused, or not available.
    const path = (call.request as { path?: unknown } | null)?.path;
    const usable = answer?.ok === true && (answer.value as { available?: unknown }).available;
    if (call.channel === 'experiment:set-python' && typeof path === 'string' && usable !== false)
      pythonsAccepted.push({ call, answer });
  }
  // Every channel of the contract was fuzzed, many times.
  const perChannel = new Map<string, number>();
  for (const call of sent.values()) {
    perChannel.set(String(call.channel), (perChannel.get(String(call.channel)) ?? 0) + 1);
  }
  expect(CALL_CHANNELS.filter((channel) => (perChannel.get(channel) ?? 0) < 50)).toEqual([]);
  // The cleanup checks below mean something only if the fuzzer really started jobs.
  const startsAccepted = [...sent].filter(
    ([id, call]) => call.channel === 'experiment:start' && answers.get(id)?.[0]?.ok === true,
  );
  expect(startsAccepted.length).toBeGreaterThan(0);
  expect(longErrors).toEqual([]);
  expect(pythonsAccepted).toEqual([]);
  expect(closeCodes).toEqual(
    Object.fromEntries(MALFORMED_FRAMES.map(({ kind, code }) => [kind, code])),
  );

  // Still serving: streams flow and calls are answered.
  expect(await nextStream(client, 'sample:cores')).toHaveProperty('cores');
  expect(await call(client, base + 100, 'sampling:get-state', {})).toMatchObject({ ok: true });

  // Nothing the fuzzer started is left: no child processes, no lab temp folders.
  let left: string[] = [];
  for (const until = Date.now() + 10_000; Date.now() < until; await sleep(100)) {
    left = survivorsAmong(labChildren().filter((pid) => !childrenBefore.has(pid)));
    if (left.length === 0) break;
  }
  expect(left).toEqual([]);
  expect(labTempDirs().filter((name) => !tempDirsBefore.has(name))).toEqual([]);
  expect(Date.now() - started).toBeLessThan(60_000);
}
