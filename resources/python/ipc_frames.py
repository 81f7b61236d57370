"""Concurrency Lab: the IPC lab's message frame in Python, byte for byte the same as frame.ts.

  magic u32 | kind u16 | producer u16 | seq u32 | payload length u32 | CRC-32 of payload u32

then the payload: the template body (byte i = (i * 131 + 17) & 0xff) whose last 4 bytes are the
sequence number. Little-endian. A message of S bytes is one frame of S bytes. The receiver
compares the body with the template (memcmp) and so knows the CRC without summing it; a body
that differs is checksummed, so every damaged byte is caught.

Run as a script it is the cross-check the unit tests use:
  ipc_frames.py make SIZE SEQ PRODUCER   prints one data frame in hex
  ipc_frames.py end SENT PRODUCER        prints an end frame in hex
  ipc_frames.py verify SIZE              reads hex frames (one a line), prints JSON verdicts
"""

import json
import struct
import sys
import zlib

MAGIC = 0x31435049  # "IPC1"
HEADER = struct.Struct("<IHHIII")
HEADER_BYTES = HEADER.size  # 20
MIN_FRAME_BYTES = HEADER_BYTES + 4
FRAME_DATA = 1
FRAME_END = 2
_U32 = struct.Struct("<I")


def template(size):
    """The payload pattern: it repeats every 256 bytes, so it is built a block at a time."""
    block = bytes((i * 131 + 17) & 0xFF for i in range(256))
    return (block * (size // 256 + 1))[:size]


class Frames:
    """Makes and checks the data frames of one message size (header included)."""

    def __init__(self, size, producer=0):
        if size < MIN_FRAME_BYTES:
            raise ValueError("a frame needs at least %d bytes, not %d" % (MIN_FRAME_BYTES, size))
        self.size = size
        self.producer = producer
        self.length = size - HEADER_BYTES
        self.body = template(self.length)[: self.length - 4]
        self.body_crc = zlib.crc32(self.body)
        self._buf = bytearray(size)
        self._buf[HEADER_BYTES : size - 4] = self.body
        # The whole frame in one unpack: header, the body skipped, trailer.
        self._whole = struct.Struct("<IHHIII%dxI" % (self.length - 4))

    def crc_for(self, seq):
        """CRC-32 of the expected payload for seq: the body's, extended by the trailer."""
        return zlib.crc32(_U32.pack(seq & 0xFFFFFFFF), self.body_crc)

    def data(self, seq):
        """One data frame, in a buffer reused by the next call (only the 24 changing bytes are
        rewritten, like frame.ts's pooled buffers): a channel that keeps a message after its
        send returns must copy it (ipc_ends.QueueEnd does)."""
        buf = self._buf
        seq &= 0xFFFFFFFF
        HEADER.pack_into(buf, 0, MAGIC, FRAME_DATA, self.producer, seq, self.length, self.crc_for(seq))
        _U32.pack_into(buf, self.size - 4, seq)
        return buf

    def end(self, sent):
        """The end frame: seq is how many data frames were sent; no payload."""
        return HEADER.pack(MAGIC, FRAME_END, self.producer, sent & 0xFFFFFFFF, 0, 0)

    def check(self, frame, nbytes=None):
        """(kind, producer, seq, intact) of a frame; raises when it is not a frame at all."""
        n = len(frame) if nbytes is None else nbytes
        if n == self.size:
            # The common case first, a whole data frame as sent: one unpack and one memcmp. It is
            # the lab's own cost in every framed message, which the bare baseline does not pay.
            magic, kind, producer, seq, length, crc, trailer = self._whole.unpack_from(frame)
            if (
                magic == MAGIC
                and kind == FRAME_DATA
                and length == self.length
                and trailer == seq
                and frame.startswith(self.body, HEADER_BYTES)
            ):
                return kind, producer, seq, crc == self.crc_for(seq)
        return self._check(frame, n)

    def _check(self, frame, n):
        """check() for every frame: a damaged one, an end frame, one of another size."""
        if n < HEADER_BYTES:
            raise ValueError("framing lost: %d bytes is not a frame" % n)
        magic, kind, producer, seq, length, crc = HEADER.unpack_from(frame, 0)
        if magic != MAGIC or kind not in (FRAME_DATA, FRAME_END):
            raise ValueError("framing lost: not a frame header")
        if kind == FRAME_END:
            return kind, producer, seq, True
        if length != n - HEADER_BYTES or length < 4 or length > self.length:
            raise ValueError("framing lost: payload length %d in a %d-byte frame" % (length, n))
        trailer = _U32.unpack_from(frame, n - 4)[0]
        if trailer != seq:
            return kind, producer, seq, False
        if length == self.length and frame.startswith(self.body, HEADER_BYTES):
            return kind, producer, seq, crc == self.crc_for(seq)
        payload = bytes(frame[HEADER_BYTES:n])
        return kind, producer, seq, zlib.crc32(payload) == crc


def _main(argv):
    if argv[:1] == ["make"]:
        size, seq, producer = (int(a) for a in argv[1:4])
        print(Frames(size, producer).data(seq).hex())
    elif argv[:1] == ["end"]:
        sent, producer = (int(a) for a in argv[1:3])
        print(Frames(MIN_FRAME_BYTES, producer).end(sent).hex())
    elif argv[:1] == ["verify"]:
        frames = Frames(int(argv[1]))
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                kind, producer, seq, intact = frames.check(bytes.fromhex(line.strip()))
                verdict = {"kind": kind, "producer": producer, "seq": seq, "intact": intact}
            except ValueError as error:
                verdict = {"error": str(error)}
            print(json.dumps(verdict))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
