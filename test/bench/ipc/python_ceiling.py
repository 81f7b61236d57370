#!/usr/bin/env python3
"""Concurrency Lab benchmark helper: CPython's own ceiling for two targeted Python IPC rows.

The IPC benchmark measures Pipe.send_bytes and SimpleQueue with the lab's frames and checks
against bare os.write/os.read on the same kind of pipe. This measures the same calls with none
of the lab's frames, checks or meter: a fixed payload through Connection.send_bytes/recv_bytes
and SimpleQueue.put/get, against the bare pipe the lab's own baseline uses (ipc_ends.FdStream:
os.write/os.readv), producer in a forked child, consumer here. As in the benchmark's runs, each
end is pinned to its core and each pipe holds at least four messages (the lab's ipc_proc.pin and
ipc_build.fit_pipe). Its ratios are, within the machine's noise, the most the lab's rows could
reach.

Usage: python_ceiling.py '{"sizeBytes": 1024, "durationMs": 300, "repeats": 5,
                          "receiverCpus": [0], "senderCpus": [1]}'
Prints one JSON object: messages per second per kind and repeat, and the median ratios.
"""

import json
import multiprocessing
import os
import statistics
import sys
import time

# The lab's Python folder, from this file's place in the repository (test/bench/ipc/).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                                "resources", "python"))
from ipc_build import fit_pipe  # noqa: E402
from ipc_ends import FdStream  # noqa: E402
from ipc_proc import pin  # noqa: E402

KINDS = ("bare", "pipeBytes", "simpleQueue")
CHECK_CLOCK_EVERY = 32


def produce(send, message, cpus):
    """Sends until the consumer goes away (a broken pipe) or kills this process."""
    pin(cpus)
    try:
        while True:
            send(message)
    except OSError:  # BrokenPipeError included
        pass
    os._exit(0)


def receive_for(take, seconds):
    """Messages received with `take` in `seconds`."""
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


def channel(kind, ctx, size):
    """(take, send, close the sender's end here, close the rest): the bare pipe is the lab's own
    baseline channel (FdStream); the other two are the stdlib calls themselves, unwrapped."""
    if kind == "bare":
        read_fd, write_fd = os.pipe()
        fit_pipe(read_fd, size)
        return (FdStream(read_fd, size).recv, FdStream(write_fd, size).send,
                lambda: os.close(write_fd), lambda: os.close(read_fd))
    if kind == "pipeBytes":
        reader, writer = ctx.Pipe(duplex=False)
        fit_pipe(reader.fileno(), size)
        return reader.recv_bytes, writer.send_bytes, writer.close, reader.close
    queue = ctx.SimpleQueue()
    fit_pipe(queue._reader.fileno(), size)
    return queue.get, queue.put, lambda: None, queue.close


def measure(kind, cfg, ctx):
    size = cfg["sizeBytes"]
    take, send, close_sender, close_rest = channel(kind, ctx, size)
    producer = ctx.Process(target=produce, args=(send, bytes(size), cfg.get("senderCpus")))
    producer.start()
    close_sender()
    try:
        return receive_for(take, cfg["durationMs"] / 1000)
    finally:
        producer.kill()
        producer.join()
        close_rest()


def main(argv):
    cfg = json.loads(argv[1])
    pin(cfg.get("receiverCpus"))
    ctx = multiprocessing.get_context("fork")
    rates = {kind: [] for kind in KINDS}
    for repeat in range(cfg["repeats"]):
        # Alternate the order (ABC, CBA, …) so a drift in the machine's load favours no kind.
        for kind in KINDS if repeat % 2 == 0 else tuple(reversed(KINDS)):
            rates[kind].append(measure(kind, cfg, ctx))
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
