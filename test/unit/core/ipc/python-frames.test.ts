import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourcesDir } from '../../../../src/core/paths';
import { FrameDecoder, FrameWriter, payloadTemplate } from '../../../../src/core/ipc/wire/frame';
import { SYSTEM_PYTHON, requireMachine } from '../../support/machine';

/**
 * The Python frame (ipc_frames.py) and the Node frame (frame.ts) are one format: frames made on
 * either side verify on the other, byte for byte, and damage made on either side is caught.
 */

const SCRIPT = join(resourcesDir(), 'python', 'ipc_frames.py');

function py(args: string[], input?: string): string {
  return execFileSync(SYSTEM_PYTHON, ['-B', SCRIPT, ...args], { encoding: 'utf8', input });
}

/** XORs one byte of a frame: damage the checks must catch. */
function flip(frame: Buffer, at: number, mask: number): void {
  frame.writeUInt8(frame.readUInt8(at) ^ mask, at);
}

interface Verdict {
  kind?: number;
  producer?: number;
  seq?: number;
  intact?: boolean;
  error?: string;
}

function pyVerify(size: number, frames: Buffer[]): Verdict[] {
  const out = py(['verify', String(size)], frames.map((f) => f.toString('hex')).join('\n'));
  return out
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Verdict);
}

function nodeDecode(size: number, frames: Buffer[]) {
  const seen: { kind: string; producer: number; seq: number; intact?: boolean }[] = [];
  const decoder = new FrameDecoder(
    {
      data: (producer, seq, _bytes, intact) => seen.push({ kind: 'data', producer, seq, intact }),
      end: (producer, sent) => seen.push({ kind: 'end', producer, seq: sent }),
    },
    size,
  );
  for (const frame of frames) decoder.push(frame);
  return seen;
}

describe('Node and Python frames', () => {
  it.for([64, 1024, 65536])('%i-byte frames made in Node verify in Python', (size, { skip }) => {
    requireMachine(skip, 'python');
    const writer = new FrameWriter(size, 3);
    const good = [0, 1, 0xfffffffe].map((seq) => Buffer.from(writer.data(seq)));
    const damaged = Buffer.from(writer.data(5));
    flip(damaged, size - 10, 0x01); // in the body
    const badTrailer = Buffer.from(writer.data(6));
    flip(badTrailer, size - 1, 0x80); // in the sequence trailer
    const badCrc = Buffer.from(writer.data(7));
    flip(badCrc, 16, 0x04); // in the header's CRC: the body and trailer are as sent
    const verdicts = pyVerify(size, [...good, damaged, badTrailer, badCrc, writer.end(3)]);
    expect(verdicts).toEqual([
      { kind: 1, producer: 3, seq: 0, intact: true },
      { kind: 1, producer: 3, seq: 1, intact: true },
      { kind: 1, producer: 3, seq: 0xfffffffe, intact: true },
      { kind: 1, producer: 3, seq: 5, intact: false },
      { kind: 1, producer: 3, seq: 6, intact: false },
      { kind: 1, producer: 3, seq: 7, intact: false },
      { kind: 2, producer: 3, seq: 3, intact: true },
    ]);
  });

  it.for([64, 1024, 65536])('%i-byte frames made in Python verify in Node', (size, { skip }) => {
    requireMachine(skip, 'python');
    const made = [0, 7, 123456].map((seq) =>
      Buffer.from(py(['make', String(size), String(seq), '2']).trim(), 'hex'),
    );
    // Byte for byte what Node makes.
    const writer = new FrameWriter(size, 2);
    expect(made.map((f) => f.toString('hex'))).toEqual(
      [0, 7, 123456].map((seq) => Buffer.from(writer.data(seq)).toString('hex')),
    );
    const damaged = Buffer.from(made[1]!);
    flip(damaged, 30, 0xff);
    const end = Buffer.from(py(['end', '3', '2']).trim(), 'hex');
    expect(end.equals(writer.end(3))).toBe(true);
    expect(nodeDecode(size, [...made, damaged, end])).toEqual([
      { kind: 'data', producer: 2, seq: 0, intact: true },
      { kind: 'data', producer: 2, seq: 7, intact: true },
      { kind: 'data', producer: 2, seq: 123456, intact: true },
      { kind: 'data', producer: 2, seq: 7, intact: false },
      { kind: 'end', producer: 2, seq: 3 },
    ]);
  });

  it('the payload pattern is the same', ({ skip }) => {
    requireMachine(skip, 'python');
    const size = 1000;
    const frame = Buffer.from(py(['make', String(size + 20), '0', '0']).trim(), 'hex');
    const body = frame.subarray(20, frame.length - 4);
    expect(body.equals(payloadTemplate(size).subarray(0, size - 4))).toBe(true);
  });

  it('a header that is not a frame is refused, not counted', ({ skip }) => {
    requireMachine(skip, 'python');
    const frame = Buffer.from(new FrameWriter(128, 0).data(1));
    flip(frame, 0, 0xff); // magic
    expect(pyVerify(128, [frame])[0]?.error).toMatch(/framing lost/);
  });
});
