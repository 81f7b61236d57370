import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  crc32ExtendWord,
  FRAME_HEADER_BYTES,
  FrameDecoder,
  FrameWriter,
  type FrameSink,
} from '../../../src/core/ipc/frame';
import { SequenceLedger } from '../../../src/core/ipc/traffic-meter';

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

  it('flags a damaged payload and a damaged sequence number as corrupted', () => {
    const size = 256;
    const stream = frames(size, 3);
    const frameBytes = FRAME_HEADER_BYTES + size;
    stream[frameBytes + FRAME_HEADER_BYTES + 10]! ^= 0x40; // payload of frame 1
    stream.writeUInt32LE(99, 2 * frameBytes + 8); // header seq of frame 2
    for (const chunkSize of [5, stream.length]) {
      const sink = collect();
      const decoder = new FrameDecoder(sink, size);
      for (let at = 0; at < stream.length; at += chunkSize) {
        decoder.push(stream.subarray(at, at + chunkSize));
      }
      expect(sink.seen.map((s) => s.intact)).toEqual([true, false, false]);
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
