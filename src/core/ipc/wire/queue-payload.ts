import { crc32 } from 'node:zlib';
import { ExpectedPayload, payloadIntact, payloadTemplate } from './frame';
import type { QueueMessage } from '../protocol/peer-protocol';

const SEQ_HEX_CHARS = 8;

/**
 * Payloads for message-based channels (Node IPC, MessagePort). 'json' payloads are strings of
 * `size` ASCII characters ending in the sequence number as 8 hex digits; byte payloads are the
 * frame payload (template + 4-byte trailer). Either way the CRC-32 covers the whole payload and
 * costs the producer only the trailer.
 */
export class QueuePayloads {
  private readonly body: string;
  private readonly bareBody: string;
  private readonly bodyCrc: number;
  private readonly bytes: Buffer;
  private readonly expected: ExpectedPayload;

  constructor(
    readonly size: number,
    readonly json: boolean,
  ) {
    this.body = json ? 'x'.repeat(size - SEQ_HEX_CHARS) : '';
    this.bareBody = json ? 'x'.repeat(size) : '';
    this.bodyCrc = json ? crc32(this.body) : 0;
    this.bytes = payloadTemplate(size);
    this.expected = new ExpectedPayload(size);
  }

  /** The payload alone (the baseline sends this, unframed). Bytes are reused between calls. */
  bare(): string | Uint8Array {
    return this.json ? this.bareBody : this.bytes;
  }

  /** A framed message; its bytes are reused, so send it before asking for the next one. */
  message(producer: number, seq: number): QueueMessage {
    if (this.json) {
      const hex = (seq >>> 0).toString(16).padStart(SEQ_HEX_CHARS, '0');
      return { type: 'm', p: producer, s: seq, c: crc32(hex, this.bodyCrc), d: this.body + hex };
    }
    this.bytes.writeUInt32LE(seq >>> 0, this.size - 4);
    return { type: 'm', p: producer, s: seq, c: this.expected.crcFor(seq), d: this.bytes };
  }
}

/** Bytes of a message's payload. */
export function payloadBytes(message: QueueMessage): number {
  return typeof message.d === 'string' ? message.d.length : message.d.byteLength;
}

/** True when a received message's payload matches its CRC and sequence number. */
export function queueMessageIntact(message: QueueMessage): boolean {
  const { d, s, c } = message;
  if (typeof d === 'string') {
    if (d.length < SEQ_HEX_CHARS || crc32(d) !== c) return false;
    return Number.parseInt(d.slice(-SEQ_HEX_CHARS), 16) === s >>> 0;
  }
  return d instanceof Uint8Array && payloadIntact(d, s, c);
}
