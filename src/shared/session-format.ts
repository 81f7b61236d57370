import { z } from 'zod';
import {
  STREAM_CHANNELS,
  type SamplingState,
  type StreamChannel,
  type StreamPayloads,
  type SystemInfo,
} from './contract';
import type { IpcMechanismInfo } from './ipc-results';
import { STREAM_PAYLOAD_SCHEMAS } from './stream-schemas';

/**
 * The session file: newline-delimited JSON. Line 1 is a versioned header; every later line is
 * one streamed payload with its time since the recording started. Records are only ever
 * appended, so a recording cut short by a crash is readable up to its last complete line.
 * Pure, so the renderer (replay) and Node (CLI, exports) parse files the same way.
 */

/** The `format` field of every session header. */
export const SESSION_FORMAT = 'concurrency-lab-session';

/** The format version this app writes and reads. */
export const SESSION_FORMAT_VERSION = 1;

const headerSchema = z.object({
  format: z.literal(SESSION_FORMAT, { error: `must be "${SESSION_FORMAT}"` }),
  version: z.number({ error: 'must be a number' }),
  appVersion: z.string({ error: 'must be a string' }),
  createdAt: z.string({ error: 'must be an ISO date string' }),
  /** Wall-clock ms since the epoch at t = 0. */
  startedAtMs: z.number({ error: 'must be a number' }),
  machine: z
    .object({
      cpuModel: z.string(),
      logicalCores: z.number().int().positive(),
      os: z.string(),
      totalMemoryBytes: z.number().nonnegative(),
    })
    .loose(),
  sampling: z.object({ intervalMs: z.number().positive(), paused: z.boolean() }).loose(),
  // Optional: recordings made before it was added replay with an empty mechanism list.
  ipcMechanisms: z
    .array(
      z
        .object({ id: z.string(), label: z.string(), what: z.string(), available: z.boolean() })
        .loose(),
    )
    .optional(),
});

/** A session file's first line. */
export interface SessionHeader {
  format: typeof SESSION_FORMAT;
  version: number;
  appVersion: string;
  createdAt: string;
  startedAtMs: number;
  machine: Pick<SystemInfo, 'cpuModel' | 'logicalCores' | 'os' | 'totalMemoryBytes'> &
    Partial<SystemInfo>;
  sampling: SamplingState;
  /** The IPC mechanisms and whether they could run, so a replayed IPC tab names them. */
  ipcMechanisms?: IpcMechanismInfo[];
}

const recordSchema = z
  .object({
    t: z
      .number({ error: 'must be a number of milliseconds' })
      .nonnegative({ error: 'must not be negative' }),
    stream: z.enum(STREAM_CHANNELS, {
      error: (issue) =>
        typeof issue.input === 'string'
          ? `unknown stream ${JSON.stringify(issue.input)}`
          : 'must be a stream name',
    }),
    payload: z.record(z.string(), z.unknown(), { error: 'must be an object' }),
  })
  .strict();

/** One recorded payload: `t` is ms since the recording started (monotonic). */
export interface SessionRecord<S extends StreamChannel = StreamChannel> {
  t: number;
  stream: S;
  payload: StreamPayloads[S];
}

/** A parsed session file. */
export interface ParsedSession {
  header: SessionHeader;
  records: SessionRecord[];
  /** The last line was incomplete (the recording was interrupted); it was left out. */
  interrupted: boolean;
  /** Notes for the user, e.g. about an interrupted recording. */
  warnings: string[];
}

/** One thing wrong with a session file: the line (1-based), the field (a dotted path) and why. */
export interface SessionProblem {
  line: number;
  field: string | null;
  detail: string;
}

/** Longest line read, in characters: a longer one is refused before it is parsed. */
export const MAX_LINE_CHARS = 8 * 1024 * 1024;

/** Deepest nesting of objects and arrays in one line; payloads need fewer than ten levels. */
export const MAX_NESTING = 64;

/** How many problems an error lists; the rest are counted. */
const PROBLEMS_LISTED = 3;

const describe = ({ line, field, detail }: SessionProblem): string =>
  `line ${line}${field === null ? '' : `, field "${field}"`}: ${detail}`;

/**
 * A session file that cannot be read. `line` and `field` are those of the first problem; the
 * message lists the first few problems ("line N, field F: why") and counts the rest.
 */
export class SessionFileError extends Error {
  readonly line: number;
  readonly field: string | null;
  readonly problems: SessionProblem[];

  constructor(line: number, field: string | null, detail: string, more: SessionProblem[] = []) {
    const problems = [{ line, field, detail }, ...more];
    const listed = problems.slice(0, PROBLEMS_LISTED).map(describe).join('; ');
    const rest = problems.length - PROBLEMS_LISTED;
    super(rest > 0 ? `${listed}; and ${rest} more damaged line${rest === 1 ? '' : 's'}` : listed);
    this.name = 'SessionFileError';
    this.line = line;
    this.field = field;
    this.problems = problems;
  }
}

/** The header line for a new recording. */
export function encodeHeader(header: SessionHeader): string {
  return `${JSON.stringify(header)}\n`;
}

/** One record line. */
export function encodeRecord(record: SessionRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * Parses a whole session file, checking every record's envelope and its payload against the
 * stream's schema, so views and exports only ever see well-formed data. A leading byte order
 * mark is accepted (editors add it; it carries no meaning). An incomplete last line (a crash
 * mid-write) is dropped with a warning. Anything else wrong fails the whole file: a replay or
 * export of a file with holes would quietly show something that was never recorded. The
 * SessionFileError lists every damaged line's number and field (the first few by name).
 */
export function parseSession(input: string): ParsedSession {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  if (text.trim() === '') throw new SessionFileError(1, null, 'the file is empty');
  const lines = text.split('\n');
  const endsCleanly = text.endsWith('\n');
  if (endsCleanly) lines.pop();
  const header = parseHeader(lines[0] ?? '');
  const records: SessionRecord[] = [];
  const warnings: string[] = [];
  const problems: SessionProblem[] = [];
  let interrupted = false;
  let latestT = 0;
  for (let index = 1; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const line = lines[index] ?? '';
    const read = readLine(line, lineNumber);
    if ('problem' in read) {
      if (read.notJson && index === lines.length - 1 && !endsCleanly) {
        interrupted = true;
        warnings.push(
          `line ${lineNumber} is incomplete (the recording was cut off); it was skipped`,
        );
        break;
      }
      problems.push(read.problem);
      continue;
    }
    const record = checkRecord(read.json, lineNumber, latestT);
    if ('problem' in record) problems.push(record.problem);
    else {
      latestT = record.value.t;
      records.push(record.value);
    }
  }
  const [first, ...more] = problems;
  if (first !== undefined) throw new SessionFileError(first.line, first.field, first.detail, more);
  return { header, records, interrupted, warnings };
}

type Checked<T> = { value: T } | { problem: SessionProblem };

/** Parses one line as JSON within the size and nesting limits. */
function readLine(
  line: string,
  lineNumber: number,
): { json: unknown } | { problem: SessionProblem; notJson?: boolean } {
  if (line.length > MAX_LINE_CHARS) {
    const mib = (line.length / 1024 / 1024).toFixed(0);
    const detail = `the line is ${mib} MiB long, more than the ${MAX_LINE_CHARS / 1024 / 1024} MiB a session line may have (the file is damaged)`;
    return { problem: { line: lineNumber, field: null, detail } };
  }
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    const detail = 'not valid JSON (the file is damaged)';
    return { problem: { line: lineNumber, field: null, detail }, notJson: true };
  }
  const tooDeep = deeperThan(json, MAX_NESTING);
  if (tooDeep !== null) {
    const detail = `nested more than ${MAX_NESTING} levels deep (the file is damaged)`;
    return { problem: { line: lineNumber, field: tooDeep, detail } };
  }
  return { json };
}

/** Checks a record's envelope, its time order and its payload. */
function checkRecord(json: unknown, line: number, latestT: number): Checked<SessionRecord> {
  const envelope = check(recordSchema, json, line);
  if ('problem' in envelope) return envelope;
  const { t, stream, payload } = envelope.value;
  if (t < latestT) {
    const detail = `goes back in time (${t} ms after ${latestT} ms)`;
    return { problem: { line, field: 't', detail } };
  }
  const checked = check(STREAM_PAYLOAD_SCHEMAS[stream], payload, line, 'payload');
  if ('problem' in checked) return checked;
  // The checked payload: fields an older version did not write get their defaults.
  return { value: { t, stream, payload: checked.value } as SessionRecord };
}

function parseHeader(line: string): SessionHeader {
  const read = readLine(line, 1);
  if ('problem' in read) {
    const { field, detail } = read.notJson
      ? { field: null, detail: 'not a Concurrency Lab session (the header is not JSON)' }
      : read.problem;
    throw new SessionFileError(1, field, detail);
  }
  const version = (read.json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== SESSION_FORMAT_VERSION) {
    throw new SessionFileError(
      1,
      'version',
      `unknown format version ${version} (this app reads version ${SESSION_FORMAT_VERSION})`,
    );
  }
  const header = check(headerSchema, read.json, 1);
  if ('problem' in header) {
    const { line, field, detail } = header.problem;
    throw new SessionFileError(line, field, detail);
  }
  return header.value as SessionHeader;
}

function check<T>(schema: z.ZodType<T>, json: unknown, line: number, prefix?: string): Checked<T> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { value: parsed.data };
  const issue = parsed.error.issues[0];
  const path = [...(prefix === undefined ? [] : [prefix]), ...(issue?.path ?? [])];
  const field = path.length > 0 ? path.map(String).join('.') : null;
  return { problem: { line, field, detail: issue?.message ?? 'invalid' } };
}

/**
 * The path of the first value nested more than `limit` levels deep, or null. Walks with its own
 * stack, so a maliciously deep line cannot overflow the call stack here or anywhere after.
 */
function deeperThan(json: unknown, limit: number): string | null {
  const stack: { value: unknown; depth: number; path: string[] }[] = [
    { value: json, depth: 0, path: [] },
  ];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, depth, path } = item;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limit) return [...path.slice(0, 4), '…'].join('.');
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, depth: depth + 1, path: path.length < 4 ? [...path, key] : path });
    }
  }
  return null;
}
