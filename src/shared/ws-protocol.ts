import { z } from 'zod';
import type { CallResult, StreamChannel, StreamPayloads } from './contract';

/**
 * Serve mode's WebSocket frames. The page sends calls; the server answers each by id and pushes
 * streams. The call's `request` is validated separately, against the channel's own schema.
 */

/** The path of the WebSocket endpoint. */
export const WS_PATH = '/ws';

/** The query parameter carrying the session token, in the page URL and the WebSocket URL. */
export const TOKEN_PARAM = 'token';

/** Largest frame a page may send (requests are small; this bounds a hostile one). */
export const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/** A call from the page. */
export const clientFrameSchema = z
  .object({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    channel: z.string().max(64),
    request: z.unknown(),
  })
  .strict();

/** A call from the page, validated. */
export type ClientFrame = z.infer<typeof clientFrameSchema>;

/** The answer to one call. */
export type ResultFrame = { type: 'result'; id: number } & CallResult<unknown>;

/** The answer to a frame that is JSON but not a call: its id when it had a usable one. */
export interface RejectedFrame {
  type: 'result';
  id: number | null;
  ok: false;
  error: string;
}

/** One pushed stream payload. */
export interface StreamFrame<S extends StreamChannel = StreamChannel> {
  type: 'stream';
  stream: S;
  payload: StreamPayloads[S];
}

/** Anything the server sends. */
export type ServerFrame = ResultFrame | RejectedFrame | StreamFrame;
