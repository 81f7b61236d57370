#!/usr/bin/env python3
"""Concurrency Lab benchmark helper: CPython's own ceiling for two targeted Python IPC rows.

The IPC benchmark measures Pipe.send_bytes and SimpleQueue with the lab's frames and checks
against bare os.write/os.read on the same kind of pipe. This measures the same calls with none
of the lab's code: a fixed payload through Connection.send_bytes/recv_bytes, SimpleQueue.put/get
and bare os.write/os.readv, producer in a forked child, consumer here, each end pinned to its
core and each pipe sized to hold at least four messages (the lab's own fit_pipe), as the
benchmark's runs are. Its ratios are, within the machine's noise, the most the lab's rows could
reach.

Usage: python_ceiling.py '{"sizeBytes": 1024, "durationMs": 300, "repeats": 5,
                          "receiverCpu": 0, "senderCpu": 1, "labPython": "resources/python"}'
Prints one JSON object: messages per second per kind and repeat, and the median ratios.
"""

import json
import multiprocessing
import os
import statistics
import sys
import time

KINDS = ("bare", "pipeBytes", "simpleQueue")
CHECK_CLOCK_EVERY = 32


def pin(cpu):
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


def produce(kind, end, message, cpu):
    """Sends until the consumer goes away (a broken pipe) or kills this process."""
    pin(cpu)
    try:
        if kind == "bare":
            while True:
                view = memoryview(message)
                while len(view):
                    view = view[os.write(end, view):]
        elif kind == "pipeBytes":
            while True:
                end.send_bytes(message)
        else:
            while True:
                end.put(message)
    except (BrokenPipeError, OSError):
        pass
    os._exit(0)


def receive_for(kind, end, size, seconds):
    """Messages received in `seconds`."""
    if kind == "bare":
        buf = bytearray(size)
        view = memoryview(buf)

        def take():
            got = 0
            while got < size:
                got += os.readv(end, [view[got:]])
    elif kind == "pipeBytes":
        take = end.recv_bytes
    else:
        take = end.get
    take()  # the producer is up and sending
    count = 0
    start = time.monotonic()
    deadline = start + seconds
    while True:
        for _ in range(CHECK_CLOCK_EVERY):
            take()
        count += CHECK_CLOCK_EVERY
        now = time.monotonic()
        if now >= deadline:
            return count / (now - start)


def measure(kind, cfg, ctx, fit_pipe):
    size = cfg["sizeBytes"]
    message = bytes(size)
    if kind == "bare":
        read_end, write_end = os.pipe()
        fit_pipe(read_end, size)
    elif kind == "pipeBytes":
        read_end, write_end = ctx.Pipe(duplex=False)
        fit_pipe(read_end.fileno(), size)
    else:
        read_end = write_end = ctx.SimpleQueue()
        fit_pipe(read_end._reader.fileno(), size)
    producer = ctx.Process(target=produce, args=(kind, write_end, message, cfg.get("senderCpu")))
    producer.start()
    if kind == "bare":
        os.close(write_end)
    elif kind == "pipeBytes":
        write_end.close()
    try:
        return receive_for(kind, read_end, size, cfg["durationMs"] / 1000)
    finally:
        producer.kill()
        producer.join()
        if kind == "bare":
            os.close(read_end)
        else:
            read_end.close()


def main(argv):
    cfg = json.loads(argv[1])
    # Only the set-up is the lab's: the pipe's size, as its Python rows have it.
    sys.path.insert(0, cfg["labPython"])
    from ipc_build import fit_pipe
    pin(cfg.get("receiverCpu"))
    ctx = multiprocessing.get_context("fork")
    rates = {kind: [] for kind in KINDS}
    for repeat in range(cfg["repeats"]):
        # Alternate the order (ABC, CBA, …) so a drift in the machine's load favours no kind.
        for kind in KINDS if repeat % 2 == 0 else tuple(reversed(KINDS)):
            rates[kind].append(measure(kind, cfg, ctx, fit_pipe))
    ratios = {
        kind: statistics.median(mine / bare for mine, bare in zip(rates[kind], rates["bare"]))
        for kind in KINDS[1:]
    }
    print(json.dumps({
        "python": sys.version.split()[0],
        "sizeBytes": cfg["sizeBytes"],
        "messagesPerSec": {kind: [round(r) for r in rates[kind]] for kind in KINDS},
        "ratio": {kind: round(value, 3) for kind, value in ratios.items()},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
