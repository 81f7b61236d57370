import type { ProducePlan } from '../wire/produce-plan';

/**
 * What the runner and its peer processes say to each other over the peer's Node IPC channel
 * (the control channel; for the message-queue mechanism it also carries the data).
 */

/** The byte-stream channels a peer process can speak. */
export type StreamKind = 'pipe' | 'fifo' | 'unix-socket' | 'tcp';

/** Where a stream peer finds its channel. */
export type StreamAddress =
  | { kind: 'pipe' }
  | { kind: 'fifo'; path: string; replyPath?: string }
  | { kind: 'unix-socket'; path: string }
  | { kind: 'tcp'; port: number };

/** A peer's job, given as its only command-line argument (JSON). */
export type PeerConfig =
  | { role: 'stream-producer'; address: StreamAddress; plan: ProducePlan; raw: boolean }
  | { role: 'stream-echo'; address: StreamAddress }
  | { role: 'ipc-producer'; plan: ProducePlan; raw: boolean; json: boolean }
  | { role: 'ipc-echo' }
  | { role: 'signal-sender'; target: number; plan: ProducePlan }
  | { role: 'signal-echo'; target: number };

/** Signals a sender sent, by name. */
export interface SignalTally {
  SIGUSR1: number;
  SIGUSR2: number;
}

/** Peer → runner control messages. */
export type PeerMessage =
  | { type: 'ready' }
  | { type: 'done'; sent: number; signals?: SignalTally }
  | { type: 'failed'; error: string };

/** Runner → peer control messages. */
export type RunnerMessage = { type: 'go' } | { type: 'stop' };

/** A framed message on the message-queue mechanism (the baseline sends the bare payload). */
export interface QueueMessage {
  type: 'm';
  /** Producer. */
  p: number;
  /** Sequence number. */
  s: number;
  /** CRC-32 of the payload. */
  c: number;
  /** Payload: a string ('json') or bytes ('advanced'). */
  d: string | Uint8Array;
}

/** True for a control message (anything else on the channel is data). */
export function isControlMessage(value: unknown): value is PeerMessage | RunnerMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  const type = (value as { type: unknown }).type;
  return (
    type === 'ready' || type === 'done' || type === 'failed' || type === 'go' || type === 'stop'
  );
}

/** True for a framed queue message. */
export function isQueueMessage(value: unknown): value is QueueMessage {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'm';
}
