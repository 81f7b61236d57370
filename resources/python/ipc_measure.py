"""Concurrency Lab: the measuring loops of the IPC lab's Python mechanisms: producer, echo,
consumer and round-trip client, and the meter they fill (counts like the Node SequenceLedger,
latency in the same buckets as latency-histogram.ts). Standard library only."""

import math
import os
import threading
import time

from ipc_frames import FRAME_END, HEADER_BYTES, Frames, template
from ipc_proc import emit, name_thread

STEPS_PER_DOUBLING = 16
BUCKETS = STEPS_PER_DOUBLING * 27 + 1

class Meter:
    """Counts like the Node SequenceLedger (one producer) plus a latency histogram; a reporter
    thread sends what changed since its last report."""

    KEYS = ("bytes", "messages", "received", "lost", "duplicated", "corrupted")

    def __init__(self):
        self.counts = dict.fromkeys(self.KEYS, 0)
        self.reported = dict.fromkeys(self.KEYS, 0)
        self.next = 0
        self.lock = threading.Lock()
        self.hist = {}
        self.sum_us = 0.0
        self.max_us = 0.0

    def data(self, seq, nbytes, intact):
        c = self.counts
        c["bytes"] += nbytes
        c["messages"] += 1
        if not intact:
            c["corrupted"] += 1
        elif seq == self.next:
            c["received"] += 1
            self.next += 1
        elif seq > self.next:
            c["lost"] += seq - self.next
            c["received"] += 1
            self.next = seq + 1
        else:
            c["duplicated"] += 1

    def bare(self, nbytes):
        c = self.counts
        c["bytes"] += nbytes
        c["messages"] += 1
        c["received"] += 1

    def end(self, sent):
        if sent > self.next:
            self.counts["lost"] += sent - self.next
            self.next = sent

    def latency(self, us):
        bucket = 0 if not us > 1 else min(BUCKETS - 1, int(math.log2(us) * STEPS_PER_DOUBLING))
        with self.lock:
            self.hist[bucket] = self.hist.get(bucket, 0) + 1
            self.sum_us += us
            if us > self.max_us:
                self.max_us = us

    def delta(self):
        now = dict(self.counts)
        counts = {key: now[key] - self.reported[key] for key in self.KEYS}
        self.reported = now
        with self.lock:
            hist, self.hist = self.hist, {}
            latency = None
            if hist:
                latency = {
                    "buckets": sorted([b, n] for b, n in hist.items()),
                    "sumUs": self.sum_us,
                    "maxUs": self.max_us,
                }
            self.sum_us = 0.0
            self.max_us = 0.0
        return {"type": "delta", "counts": counts, "latency": latency}


def plan(cfg):
    """Sequence numbers to send: a count, or until the duration has passed; paced at a rate."""
    count, duration, rate = cfg.get("count"), cfg.get("durationMs"), cfg.get("rate")
    start = time.monotonic()
    deadline = None if duration is None else start + duration / 1000
    seq = 0
    while True:
        if count is not None and seq >= count:
            return
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            return
        if rate:
            due = start + seq / rate
            if due > now:
                time.sleep(due - now)
        yield seq
        seq += 1


def flipped(message):
    """The message with one payload byte flipped (the corruption test hook)."""
    damaged = bytearray(message)
    damaged[len(damaged) // 2] ^= 0xFF
    return bytes(damaged)


def is_end(message):
    """An end frame (header only) or the bare run's end marker (a payload of zero bytes)."""
    return len(message) == HEADER_BYTES or message[0] == 0


def name_feeder(end):
    """A multiprocessing.Queue's feeder thread appears on the first put: name it and say so."""
    q = getattr(end, "q", None)
    thread = getattr(q, "_thread", None)
    if thread is not None and thread.native_id is not None:
        name_thread(thread.native_id, "QueueFeeder")
        emit({"type": "thread", "name": thread.name, "pid": os.getpid(), "tid": thread.native_id})


def produce(cfg, out):
    size, raw, corrupt_at = cfg["size"], cfg["raw"], cfg.get("corruptAt")
    frames = Frames(size)
    payload = template(size)
    sent = 0
    for seq in plan(cfg):
        message = payload if raw else frames.data(seq)
        if seq == corrupt_at:
            message = flipped(message)
        out.send(message)
        if seq == 0:
            name_feeder(out)
        sent += 1
    out.send(bytes(size) if raw else frames.end(sent))
    if hasattr(out, "finish"):
        out.finish()


def echo(cfg, inp, out):
    corrupt_at = cfg.get("corruptAt")
    echoed = 0
    while True:
        message = inp.recv()
        if message is None or is_end(message):
            break
        if echoed == corrupt_at:
            message = flipped(message)
        out.send(message)
        if echoed == 0:
            name_feeder(out)
        echoed += 1
    if hasattr(out, "finish"):
        out.finish()


def consume(cfg, inp, meter):
    """Throughput: receive and check until the end frame; returns how many were sent."""
    size, raw = cfg["size"], cfg["raw"]
    # Bound once: at 1 KiB a message costs a few microseconds, and lookups are part of it.
    recv, check, data, bare = inp.recv, Frames(size).check, meter.data, meter.bare
    while True:
        message = recv()
        if message is None:
            raise RuntimeError("the producer closed the channel without an end frame")
        if raw:
            if message[0] == 0:
                return meter.counts["messages"]
            bare(len(message))
            continue
        kind, _producer, seq, intact = check(message)
        if kind == FRAME_END:
            meter.end(seq)
            return seq
        data(seq, len(message), intact)


def client(cfg, out, inp, meter):
    """Round trip: one message out, wait for its echo, time it, check it; returns how many."""
    size, raw = cfg["size"], cfg["raw"]
    frames = Frames(size)
    payload = template(size)
    clock = time.perf_counter_ns
    sent = 0
    for seq in plan(cfg):
        message = payload if raw else frames.data(seq)
        started = clock()
        out.send(message)
        back = inp.recv()
        arrived = clock()
        if back is None:
            raise RuntimeError("the echo end closed the channel")
        if seq == 0:
            name_feeder(out)
        sent += 1
        meter.latency((arrived - started) / 1000)
        if raw:
            meter.bare(len(back))
        else:
            _kind, _producer, got, intact = frames.check(back)
            meter.data(got, len(back), intact)
    out.send(bytes(size) if raw else frames.end(sent))
    if hasattr(out, "finish"):
        out.finish()
    return sent
