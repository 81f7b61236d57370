import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  crc32ExtendWord,
  FRAME_HEADER_BYTES,
  FrameDecoder,
  FrameWriter,
  MIN_FRAME_BYTES,
  type FrameSink,
} from '../../../../src/core/ipc/wire/frame';
import { SequenceLedger } from '../../../../src/core/ipc/wire/traffic-meter';

function frames(size: number, count: number, producer = 0): Buffer {
  const writer = new FrameWriter(size, producer);
  const parts: Buffer[] = [];
  for (let seq = 0; seq < count; seq += 1) {
    const frame = writer.data(seq);
    parts.push(Buffer.from(frame));
    writer.release(frame);
  }
  parts.push(writer.end(count));
  return Buffer.concat(parts);
}

/** A data frame header, written by hand (not by FrameWriter). */
function header(seq: number, length: number, crc: number): Buffer {
  const h = Buffer.alloc(FRAME_HEADER_BYTES);
  h.writeUInt32LE(0x31435049, 0);
  h.writeUInt16LE(1, 4);
  h.writeUInt32LE(seq, 8);
  h.writeUInt32LE(length, 12);
  h.writeUInt32LE(crc >>> 0, 16);
  return h;
}

function collect(): FrameSink & { seen: { seq: number; intact: boolean }[]; ends: number[] } {
  const seen: { seq: number; intact: boolean }[] = [];
  const ends: number[] = [];
  return {
    seen,
    ends,
    data: (_producer, seq, _bytes, intact) => seen.push({ seq, intact }),
    end: (_producer, sent) => ends.push(sent),
  };
}

describe('frames', () => {
  it('extends a CRC by a word exactly as zlib does', () => {
    const word = Buffer.alloc(4);
    for (const [previous, value] of [
      [0, 0],
      [0x12345678, 0xdeadbeef],
      [0xffffffff, 1],
    ] as const) {
      word.writeUInt32LE(value);
      expect(crc32ExtendWord(previous, value)).toBe(crc32(word, previous));
    }
  });

  it.each([64, 1000, 70_000])('decodes %i-byte frames split at any chunk size', (size) => {
    const stream = frames(size, 5);
    for (const chunkSize of [1, 7, FRAME_HEADER_BYTES, 4096, stream.length]) {
      const sink = collect();
      const decoder = new FrameDecoder(sink, size);
      for (let at = 0; at < stream.length; at += chunkSize) {
        decoder.push(stream.subarray(at, at + chunkSize));
      }
      expect(sink.seen).toEqual([0, 1, 2, 3, 4].map((seq) => ({ seq, intact: true })));
      expect(sink.ends).toEqual([5]);
      expect(decoder.atBoundary).toBe(true);
    }
  });

  it('makes a message of S bytes one frame of S bytes, header included', () => {
    const writer = new FrameWriter(1024, 3);
    const frame = writer.data(7);
    expect(frame.length).toBe(1024);
    expect(frame.readUInt32LE(12)).toBe(1024 - FRAME_HEADER_BYTES);
    expect(frame.readUInt32LE(16)).toBe(crc32(frame.subarray(FRAME_HEADER_BYTES)));
    expect(frame.readUInt32LE(1020)).toBe(7);
    expect(() => new FrameWriter(MIN_FRAME_BYTES - 1, 0)).toThrow(/at least 24 bytes/);
  });

  it('flags a damaged payload and a damaged sequence number as corrupted', () => {
    const size = 256;
    const stream = frames(size, 3);
    stream[size + FRAME_HEADER_BYTES + 10]! ^= 0x40; // payload of frame 1
    stream.writeUInt32LE(99, 2 * size + 8); // header seq of frame 2
    for (const chunkSize of [5, stream.length]) {
      const sink = collect();
      const decoder = new FrameDecoder(sink, size);
      for (let at = 0; at < stream.length; at += chunkSize) {
        decoder.push(stream.subarray(at, at + chunkSize));
      }
      expect(sink.seen.map((s) => s.intact)).toEqual([true, false, false]);
    }
  });

  it('verifies a payload other than the template by its CRC, split or whole', () => {
    const size = 300;
    const payload = Buffer.alloc(size - FRAME_HEADER_BYTES, 0x5a);
    payload.writeUInt32LE(4, payload.length - 4);
    const good = Buffer.concat([header(4, payload.length, crc32(payload)), payload]);
    const bad = Buffer.concat([header(5, payload.length, crc32(payload) ^ 1), payload]);
    bad.writeUInt32LE(5, bad.length - 4);
    const stream = Buffer.concat([good, bad]);
    for (const chunkSize of [3, 100, stream.length]) {
      const sink = collect();
      const decoder = new FrameDecoder(sink, size);
      for (let at = 0; at < stream.length; at += chunkSize) {
        decoder.push(stream.subarray(at, at + chunkSize));
      }
      expect(sink.seen).toEqual([
        { seq: 4, intact: true },
        { seq: 5, intact: false },
      ]);
    }
  });

  it('catches a template payload damaged after the first chunk', () => {
    const size = 4096;
    const stream = frames(size, 2);
    stream[size + 3000]! ^= 0x01; // frame 1, well into its payload
    for (const chunkSize of [1000, 2048]) {
      const sink = collect();
      const decoder = new FrameDecoder(sink, size);
      for (let at = 0; at < stream.length; at += chunkSize) {
        decoder.push(stream.subarray(at, at + chunkSize));
      }
      expect(sink.seen.map((s) => s.intact)).toEqual([true, false]);
    }
  });

  it('refuses a stream that is not frames', () => {
    const decoder = new FrameDecoder(collect(), 1024);
    expect(() => decoder.push(Buffer.alloc(64, 0x41))).toThrow(/framing lost/);
  });
});

describe('sequence ledger', () => {
  it('counts gaps as lost, repeats as duplicated, and a missing tail as lost', () => {
    const ledger = new SequenceLedger();
    for (const seq of [0, 1, 3, 3, 4]) ledger.data(0, seq, 10, true);
    ledger.data(1, 0, 10, false);
    ledger.end(0, 7);
    expect(ledger.counts).toMatchObject({ received: 4, lost: 1 + 2, duplicated: 1, corrupted: 1 });
    expect(ledger.counts.bytes).toBe(60);
  });
});
