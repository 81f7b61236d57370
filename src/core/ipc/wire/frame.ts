import { crc32 } from 'node:zlib';

/**
 * The lab's message frame for byte-stream channels (pipe, FIFO, sockets, shared-memory ring):
 *
 *   magic u32 | kind u16 | producer u16 | seq u32 | payload length u32 | CRC-32 of payload u32
 *
 * followed by the payload, whose last 4 bytes repeat the sequence number. The CRC covers the
 * whole payload, so a damaged payload or trailer is caught; the trailer must match the header's
 * sequence number, so a damaged header is caught too. Everything is little-endian.
 *
 * A message of S bytes is one frame of S bytes on the wire: the header plus S − 20 bytes of
 * payload. The baseline writes S bare bytes, so both put the same bytes through the channel and
 * a 64 KiB message is one 64 KiB read (one more byte would cost a second read and wake-up).
 */

/** Bytes before the payload. */
export const FRAME_HEADER_BYTES = 20;
/** The smallest frame: a header and a payload holding just the sequence trailer. */
export const MIN_FRAME_BYTES = FRAME_HEADER_BYTES + 4;
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

/** The sequence trailer: the last 4 bytes of a payload, little-endian. */
function trailerOf(payload: Uint8Array): number {
  const at = payload.length - 4;
  return (
    (payload[at]! |
      (payload[at + 1]! << 8) |
      (payload[at + 2]! << 16) |
      (payload[at + 3]! << 24)) >>>
    0
  );
}

/**
 * The payload every producer sends for one payload length: the template's first `length - 4`
 * bytes (the body) and the sequence number as trailer. Its CRC for a given sequence number is the
 * body's CRC extended by the trailer, so producers never checksum a whole payload.
 *
 * Receivers verify a payload without checksumming it either: a payload whose body equals the
 * template (memcmp, ~50 GB/s here) and whose trailer is `seq` has exactly the CRC `crcFor(seq)`,
 * so comparing that with the header's CRC is the same check as computing CRC-32 (~6 GB/s here)
 * — and it catches every damaged byte, not just 1 − 2⁻³² of them. A payload that differs from the
 * template is checked by computing its CRC, so other payloads verify too.
 */
export class ExpectedPayload {
  /** The template's body: everything but the trailer. */
  readonly body: Buffer;
  private readonly bodyCrc: number;

  constructor(readonly length: number) {
    this.body = payloadTemplate(length).subarray(0, length - 4);
    this.bodyCrc = crc32(this.body);
  }

  /** CRC-32 of the expected payload for this sequence number. */
  crcFor(seq: number): number {
    return crc32ExtendWord(this.bodyCrc, seq >>> 0);
  }

  /** CRC-32 of the body's first `bytes` bytes (what a payload matching so far has summed to). */
  crcOfPrefix(bytes: number): number {
    return bytes === this.body.length ? this.bodyCrc : crc32(this.body.subarray(0, bytes));
  }

  /** True when the payload's bytes [from, from + piece.length) that are body equal the template. */
  bodyMatches(piece: Uint8Array, from: number): boolean {
    const end = Math.min(from + piece.length, this.body.length);
    return end <= from || this.body.compare(piece, 0, end - from, from, end) === 0;
  }

  /** True when a whole payload matches its CRC and its trailer matches `seq`. */
  intact(payload: Uint8Array, seq: number, crc: number): boolean {
    if (payload.length < 4 || trailerOf(payload) !== seq >>> 0) return false;
    if (payload.length === this.length && this.bodyMatches(payload, 0)) {
      return crc >>> 0 === this.crcFor(seq);
    }
    return crc32(payload) === crc >>> 0;
  }
}

/** Expected payloads by length, for receivers that see many lengths (kept small: a few sizes). */
const expectedByLength = new Map<number, ExpectedPayload>();

/** True when a payload's CRC and sequence trailer match its header. */
export function payloadIntact(payload: Uint8Array, seq: number, crc: number): boolean {
  let expected = expectedByLength.get(payload.length);
  if (!expected && payload.length >= 4) {
    if (expectedByLength.size >= 8) expectedByLength.clear();
    expected = new ExpectedPayload(payload.length);
    expectedByLength.set(payload.length, expected);
  }
  return expected?.intact(payload, seq, crc) ?? false;
}

/**
 * Writes frames for one producer. Frame buffers are pooled: a buffer goes back to the pool when
 * the channel is done with it (`release`), so steady state copies only the 24 changing bytes.
 */
export class FrameWriter {
  private readonly template: Buffer;
  private readonly expected: ExpectedPayload;
  private readonly pool: Buffer[] = [];

  /** Frames of `messageBytes` bytes each, header included. */
  constructor(
    readonly messageBytes: number,
    readonly producer: number,
  ) {
    if (messageBytes < MIN_FRAME_BYTES) {
      throw new Error(`a frame needs at least ${MIN_FRAME_BYTES} bytes, not ${messageBytes}`);
    }
    this.expected = new ExpectedPayload(messageBytes - FRAME_HEADER_BYTES);
    this.template = Buffer.allocUnsafe(messageBytes);
    this.expected.body.copy(this.template, FRAME_HEADER_BYTES);
  }

  /** A complete data frame for `seq`; hand it back with `release` once written. */
  data(seq: number): Buffer {
    const frame = this.pool.pop() ?? Buffer.from(this.template);
    const length = this.expected.length;
    writeHeader(frame, FRAME_DATA, this.producer, seq, length, this.expected.crcFor(seq));
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
  /**
   * A data frame of `frameBytes` bytes (header included): `intact` is false when its CRC or
   * trailer does not match.
   */
  data(producer: number, seq: number, frameBytes: number, intact: boolean): void;
  /** A producer's end frame. */
  end(producer: number, sent: number): void;
}

/**
 * Parses frames out of a byte stream that arrives in arbitrary chunks. A payload spanning chunks
 * is verified piece by piece as it arrives (compared with the expected payload, or CRC-32
 * continued across pieces once it differs), so it is never gathered into one buffer. Throws when
 * the stream stops looking like frames (then nothing after it can be trusted).
 */
export class FrameDecoder {
  private readonly header = Buffer.alloc(FRAME_HEADER_BYTES);
  private headerFill = 0;
  /** The last 4 payload bytes seen so far: the sequence trailer once the payload is complete. */
  private readonly tail = Buffer.alloc(4);
  private inBody = false;
  /** Payload bytes of the current frame received so far. */
  private received = 0;
  /** True while every payload byte so far equals the expected payload's. */
  private matching = false;
  /** CRC-32 of the payload so far; kept only once it stopped matching. */
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
  private readonly expected: ExpectedPayload;
  private readonly maxPayload: number;

  /** Decodes frames of up to `messageBytes` bytes each (header included). */
  constructor(
    private readonly sink: FrameSink,
    messageBytes: number,
  ) {
    this.maxPayload = messageBytes - FRAME_HEADER_BYTES;
    this.expected = new ExpectedPayload(Math.max(4, this.maxPayload));
  }

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
          const payload = chunk.subarray(at + FRAME_HEADER_BYTES, end);
          const intact = this.expected.intact(payload, seq, crc);
          this.offset += end - at;
          at = end;
          this.sink.data(producer, seq, FRAME_HEADER_BYTES + length, intact);
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
        this.received = 0;
        this.matching = this.length === this.expected.length;
        this.runningCrc = 0;
        continue;
      }
      const take = Math.min(this.length - this.received, chunk.length - at);
      const piece = chunk.subarray(at, at + take);
      this.verifyPiece(piece);
      this.keepTail(piece);
      this.received += take;
      at += take;
      if (this.received === this.length) this.deliver();
    }
  }

  /** True between frames (nothing partial buffered). */
  get atBoundary(): boolean {
    return !this.inBody && this.headerFill === 0;
  }

  private verifyPiece(piece: Uint8Array): void {
    if (this.matching) {
      if (this.expected.bodyMatches(piece, this.received)) return;
      // The first difference: from here on, sum the CRC (everything before matched the body).
      this.matching = false;
      this.runningCrc = this.expected.crcOfPrefix(this.received);
    }
    this.runningCrc = crc32(piece, this.runningCrc);
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
    const trailerOk = this.tail.readUInt32LE(0) === this.seq;
    const crc = this.matching ? this.expected.crcFor(this.seq) : this.runningCrc;
    const intact = trailerOk && crc === this.crc;
    this.sink.data(this.producer, this.seq, FRAME_HEADER_BYTES + this.length, intact);
  }
}
