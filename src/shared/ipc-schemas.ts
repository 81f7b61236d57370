import { z } from 'zod';
import { IPC_MECHANISMS } from './ipc-mechanisms';

/**
 * Payload schemas of the IPC streams (types in ./ipc-results.ts): a recording is read back from a
 * file, so each payload is checked before a view or an export sees it. Fields the views and
 * exports read are checked; anything else a later version adds passes through.
 */

const epochMs = z.number().min(0).max(8.64e15);
const count = z.number().nonnegative();
const ipcCorrectnessSchema = z
  .object({ sent: count, received: count, lost: count, duplicated: count, corrupted: count })
  .loose();
const latencySchema = z
  .object({
    count,
    p50Us: count,
    p99Us: count,
    histogram: z.array(z.object({ upperUs: count, count }).loose()),
  })
  .loose()
  .nullable();
const ipcStatusSchema = z.enum(['completed', 'stopped', 'failed']);

/** Checks an `ipc:traffic` payload. */
export const ipcTrafficSampleSchema = z
  .object({
    runId: z.string(),
    mechanism: z.enum(IPC_MECHANISMS),
    time: epochMs,
    elapsedMs: count,
    bytesPerSec: count,
    messagesPerSec: count,
    totalBytes: count,
    totalMessages: count,
    correctness: ipcCorrectnessSchema,
    latency: latencySchema,
  })
  .loose();

/** Checks an `ipc:queue` payload. */
export const pcQueueSampleSchema = z
  .object({
    runId: z.string(),
    time: epochMs,
    elapsedMs: count,
    depth: count,
    capacity: count,
    produced: count,
    consumed: count,
    itemsPerSec: count,
  })
  .loose();

const jobResultSchema = z
  .object({ runId: z.string(), status: ipcStatusSchema, elapsedMs: count })
  .loose();

/** Checks an `ipc:result` payload. */
export const ipcResultEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), result: jobResultSchema }).loose(),
  z.object({ kind: z.literal('producer-consumer'), result: jobResultSchema }).loose(),
  z
    .object({
      kind: z.literal('compare'),
      done: z.boolean(),
      result: z
        .object({
          runId: z.string(),
          status: ipcStatusSchema,
          entries: z.array(z.object({}).loose()),
        })
        .loose(),
    })
    .loose(),
]);

/** Checks an `ipc:state` payload. */
export const ipcJobStateSchema = z
  .object({
    active: z
      .object({
        runId: z.string(),
        kind: z.enum(['run', 'producer-consumer', 'compare', 'race']),
        pids: z.array(z.number().int()),
      })
      .loose()
      .nullable(),
  })
  .loose();
