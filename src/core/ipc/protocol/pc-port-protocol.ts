/** Messages between producer–consumer threads and the MessagePort broker (the runner's thread). */

/** Thread → broker. */
export type PcPortMessage =
  | { type: 'put'; producer: number; seq: number; blockedMs: number }
  | { type: 'finished'; producer: number; sent: number; blockedMs: number }
  | {
      type: 'take';
      consumer: number;
      /** The item this consumer took last, reported back so the broker can check delivery. */
      previous: { producer: number; seq: number } | null;
      idleMs: number;
    };

/** Broker → thread. */
export type PcPortReply =
  | { type: 'ack' }
  | { type: 'stop' }
  | { type: 'item'; producer: number; seq: number }
  | { type: 'end' };
