import { z } from 'zod';
import {
  isStreamChannel,
  type SamplingState,
  type StreamChannel,
  type StreamPayloads,
  type SystemInfo,
} from './contract';

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
}

const recordSchema = z
  .object({
    t: z
      .number({ error: 'must be a number of milliseconds' })
      .nonnegative({ error: 'must not be negative' }),
    stream: z.string({ error: 'must be a stream name' }).refine(isStreamChannel, {
      error: (issue) => `unknown stream ${JSON.stringify(issue.input)}`,
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

/** A session file that cannot be read, with the line (1-based) and field at fault. */
export class SessionFileError extends Error {
  constructor(
    readonly line: number,
    readonly field: string | null,
    detail: string,
  ) {
    super(`line ${line}${field === null ? '' : `, field "${field}"`}: ${detail}`);
    this.name = 'SessionFileError';
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
 * Parses a whole session file. Throws SessionFileError for an empty file, a bad header, an
 * unknown version, or any damaged line except an incomplete last one (a crash mid-write),
 * which is dropped with a warning so the rest of the recording can still be replayed.
 */
export function parseSession(text: string): ParsedSession {
  if (text.trim() === '') throw new SessionFileError(1, null, 'the file is empty');
  const lines = text.split('\n');
  const endsCleanly = text.endsWith('\n');
  if (endsCleanly) lines.pop();
  const header = parseHeader(lines[0] ?? '');
  const records: SessionRecord[] = [];
  const warnings: string[] = [];
  let interrupted = false;
  let previousT = 0;
  for (let index = 1; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const line = lines[index] ?? '';
    const isLast = index === lines.length - 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      if (isLast && !endsCleanly) {
        interrupted = true;
        warnings.push(
          `line ${lineNumber} is incomplete: the recording was interrupted; replaying up to line ${lineNumber - 1}`,
        );
        break;
      }
      throw new SessionFileError(lineNumber, null, 'not valid JSON (the file is damaged)');
    }
    // The envelope is checked here; payloads are what this app itself streamed.
    const record = parseWith(recordSchema, json, lineNumber) as unknown as SessionRecord;
    if (record.t < previousT) {
      throw new SessionFileError(lineNumber, 't', `goes back in time (${record.t} < ${previousT})`);
    }
    previousT = record.t;
    records.push(record);
  }
  return { header, records, interrupted, warnings };
}

function parseHeader(line: string): SessionHeader {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new SessionFileError(1, null, 'not a Concurrency Lab session (the header is not JSON)');
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== SESSION_FORMAT_VERSION) {
    throw new SessionFileError(
      1,
      'version',
      `unknown format version ${version} (this app reads version ${SESSION_FORMAT_VERSION})`,
    );
  }
  return parseWith(headerSchema, json, 1) as SessionHeader;
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, line: number): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  throw new SessionFileError(line, field, issue?.message ?? 'invalid');
}
