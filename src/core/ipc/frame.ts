import { crc32 } from 'node:zlib';

/**
 * The lab's message frame for byte-stream channels (pipe, FIFO, sockets, shared-memory ring):
 *
 *   magic u32 | kind u16 | producer u16 | seq u32 | payload length u32 | CRC-32 of payload u32
 *
 * followed by the payload, whose last 4 bytes repeat the sequence number. The CRC covers the
 * whole payload, so a damaged payload or trailer is caught; the trailer must match the header's
 * sequence number, so a damaged header is caught too. Everything is little-endian.
 */

/** Bytes before the payload. */
export const FRAME_HEADER_BYTES = 20;
const MAGIC = 0x31435049; // "IPC1"

/** A frame carrying a payload. */
export const FRAME_DATA = 1;
/** A producer's last frame: `seq` is how many data frames it sent; no payload. */
export const FRAME_END = 2;

/** The payload template: a position-dependent byte pattern, so shifted data fails its CRC. */
export function payloadTemplate(size: number): Buffer {
  // Its own ArrayBuffer (not the shared pool): postMessage clones the whole backing buffer.
  const payload = Buffer.allocUnsafeSlow(size);
  for (let i = 0; i < size; i += 1) payload[i] = (i * 131 + 17) & 0xff;
  return payload;
}

/** The CRC-32 (IEEE, zlib's) byte table, for extending a CRC by a few bytes without a call. */
const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** zlib's crc32(4 little-endian bytes of `word`, previous): the same value, computed in JS. */
export function crc32ExtendWord(previous: number, word: number): number {
  let c = ~previous;
  for (let shift = 0; shift < 32; shift += 8) {
    c = CRC_TABLE[(c ^ (word >>> shift)) & 0xff]! ^ (c >>> 8);
  }
  return ~c >>> 0;
}

/** CRC-32 of a payload whose first `size - 4` bytes are the template and whose trailer is `seq`. */
export class PayloadChecksum {
  private readonly bodyCrc: number;

  constructor(template: Uint8Array) {
    this.bodyCrc = crc32(template.subarray(0, template.length - 4));
  }

  /** The CRC of the whole payload for this sequence number: the body's CRC extended by 4 bytes. */
  forSeq(seq: number): number {
    return crc32ExtendWord(this.bodyCrc, seq >>> 0);
  }
}

/**
 * Writes frames for one producer. Frame buffers are pooled: a buffer goes back to the pool when
 * the channel is done with it (`release`), so steady state copies only the 24 changing bytes.
 */
export class FrameWriter {
  private readonly template: Buffer;
  private readonly checksum: PayloadChecksum;
  private readonly pool: Buffer[] = [];

  constructor(
    readonly size: number,
    readonly producer: number,
  ) {
    this.template = Buffer.allocUnsafe(FRAME_HEADER_BYTES + size);
    payloadTemplate(size).copy(this.template, FRAME_HEADER_BYTES);
    this.checksum = new PayloadChecksum(this.template.subarray(FRAME_HEADER_BYTES));
  }

  /** A complete data frame for `seq`; hand it back with `release` once written. */
  data(seq: number): Buffer {
    const frame = this.pool.pop() ?? Buffer.from(this.template);
    writeHeader(frame, FRAME_DATA, this.producer, seq, this.size, this.checksum.forSeq(seq));
    frame.writeUInt32LE(seq >>> 0, frame.length - 4);
    return frame;
  }

  /** Returns a frame buffer to the pool. */
  release(frame: Buffer): void {
    if (frame.length === this.template.length && this.pool.length < 64) this.pool.push(frame);
  }

  /** The end frame: tells the consumer how many data frames this producer sent. */
  end(sent: number): Buffer {
    const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
    writeHeader(frame, FRAME_END, this.producer, sent, 0, 0);
    return frame;
  }
}

function writeHeader(
  frame: Buffer,
  kind: number,
  producer: number,
  seq: number,
  length: number,
  crc: number,
): void {
  frame.writeUInt32LE(MAGIC, 0);
  frame.writeUInt16LE(kind, 4);
  frame.writeUInt16LE(producer, 6);
  frame.writeUInt32LE(seq >>> 0, 8);
  frame.writeUInt32LE(length, 12);
  frame.writeUInt32LE(crc >>> 0, 16);
}

/** What a decoded frame delivers. */
export interface FrameSink {
  /** A data frame: `intact` is false when its CRC or trailer does not match. */
  data(producer: number, seq: number, payloadBytes: number, intact: boolean): void;
  /** A producer's end frame. */
  end(producer: number, sent: number): void;
}

/** True when a payload's CRC and sequence trailer match its header. */
export function payloadIntact(payload: Uint8Array, seq: number, crc: number): boolean {
  if (payload.length < 4 || crc32(payload) !== crc) return false;
  const at = payload.length - 4;
  const trailer =
    (payload[at]! |
      (payload[at + 1]! << 8) |
      (payload[at + 2]! << 16) |
      (payload[at + 3]! << 24)) >>>
    0;
  return trailer === seq >>> 0;
}

/**
 * Parses frames out of a byte stream that arrives in arbitrary chunks. The CRC is computed piece
 * by piece as the payload arrives (CRC-32 continues across calls), so a payload spanning chunks
 * is verified without being gathered into one buffer. Throws when the stream stops looking like
 * frames (then nothing after it can be trusted).
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(FRAME_HEADER_BYTES);
  private headerFill = 0;
  /** The last 4 payload bytes seen so far: the sequence trailer once the payload is complete. */
  private readonly tail = Buffer.alloc(4);
  private inBody = false;
  private remaining = 0;
  private runningCrc = 0;
  private kind = 0;
  private producer = 0;
  private seq = 0;
  private length = 0;
  private crc = 0;
  /** Bytes consumed so far, for error messages. */
  private offset = 0;
  /** A view of the last chunk's backing memory, reused while chunks share it (ring slots). */
  private view: DataView | null = null;

  constructor(
    private readonly sink: FrameSink,
    private readonly maxPayload: number,
  ) {}

  /** Feeds the next chunk of the stream. */
  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.view?.buffer !== chunk.buffer) this.view = new DataView(chunk.buffer);
    const view = this.view;
    const base = chunk.byteOffset;
    while (at < chunk.length) {
      if (!this.inBody && this.headerFill === 0 && chunk.length - at >= FRAME_HEADER_BYTES) {
        // Fast path: a whole frame inside this chunk is read and verified in place.
        const length = view.getUint32(base + at + 12, true);
        const end = at + FRAME_HEADER_BYTES + length;
        if (end <= chunk.length && view.getUint16(base + at + 4, true) === FRAME_DATA) {
          const producer = view.getUint16(base + at + 6, true);
          const seq = view.getUint32(base + at + 8, true);
          if (view.getUint32(base + at, true) !== MAGIC || length < 4 || length > this.maxPayload) {
            throw new Error(`stream framing lost at byte ${this.offset}: not a frame header`);
          }
          const crc = view.getUint32(base + at + 16, true);
          const intact =
            crc32(chunk.subarray(at + FRAME_HEADER_BYTES, end)) === crc &&
            view.getUint32(base + end - 4, true) === seq;
          this.offset += end - at;
          at = end;
          this.sink.data(producer, seq, length, intact);
          continue;
        }
      }
      if (!this.inBody) {
        const take = Math.min(FRAME_HEADER_BYTES - this.headerFill, chunk.length - at);
        this.header.set(chunk.subarray(at, at + take), this.headerFill);
        this.headerFill += take;
        at += take;
        if (this.headerFill < FRAME_HEADER_BYTES) break;
        this.parseHeader();
        this.headerFill = 0;
        this.offset += FRAME_HEADER_BYTES;
        if (this.kind === FRAME_END) {
          this.sink.end(this.producer, this.seq);
          continue;
        }
        this.inBody = true;
        this.remaining = this.length;
        this.runningCrc = 0;
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - at);
      const piece = chunk.subarray(at, at + take);
      this.runningCrc = crc32(piece, this.runningCrc);
      this.keepTail(piece);
      this.remaining -= take;
      at += take;
      if (this.remaining === 0) this.deliver();
    }
  }

  /** True between frames (nothing partial buffered). */
  get atBoundary(): boolean {
    return !this.inBody && this.headerFill === 0;
  }

  private keepTail(piece: Uint8Array): void {
    if (piece.length >= 4) {
      this.tail.set(piece.subarray(piece.length - 4));
      return;
    }
    this.tail.copyWithin(0, piece.length);
    this.tail.set(piece, 4 - piece.length);
  }

  private parseHeader(): void {
    const h = this.header;
    const magic = h.readUInt32LE(0);
    this.kind = h.readUInt16LE(4);
    this.producer = h.readUInt16LE(6);
    this.seq = h.readUInt32LE(8);
    this.length = h.readUInt32LE(12);
    this.crc = h.readUInt32LE(16);
    const validKind = this.kind === FRAME_DATA || this.kind === FRAME_END;
    const validLength =
      this.kind === FRAME_END || (this.length >= 4 && this.length <= this.maxPayload);
    if (magic !== MAGIC || !validKind || !validLength) {
      throw new Error(`stream framing lost at byte ${this.offset}: not a frame header`);
    }
  }

  private deliver(): void {
    this.inBody = false;
    this.offset += this.length;
    const intact = this.runningCrc === this.crc && this.tail.readUInt32LE(0) === this.seq;
    this.sink.data(this.producer, this.seq, this.length, intact);
  }
}
