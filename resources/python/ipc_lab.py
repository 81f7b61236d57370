#!/usr/bin/env python3
"""Concurrency Lab: one run of a Python IPC mechanism (standard library only).

Started by the IPC runner with one JSON argument: {mechanism, mode, size, count, durationMs,
rate, raw, corruptAt, receiverCpus, senderCpus}. This process is the measuring end (the
consumer in throughput, the client in round trip); the other end is a child process (fork) or
a thread. The channels are in ipc_build.py, the loops in ipc_measure.py. Reports JSON lines on
stdout: hello, pids, thread, kernel, start, delta (every 100 ms: counts and latency histogram
buckets, the same buckets as latency-histogram.ts), done, or error. It leads its own process
group: when its stdin reaches EOF or its parent changes, it kills that whole group, manager
server and children included, so nothing outlives the runner.
"""

import multiprocessing
import os
import sys
import threading

from ipc_build import build
from ipc_measure import Meter, client, consume, echo, produce
from ipc_proc import emit, name_thread, pin, run_script, watch_owner, watch_parent

REPORT_EVERY_S = 0.1


def other_end(cfg, ends, go, name, in_process):
    """The producer or echo end, in a child process or a thread."""
    if in_process:
        watch_parent()
    name_thread(threading.get_native_id(), name)
    pin(cfg.get("senderCpus"))
    go.wait()
    if cfg["mode"] == "throughput":
        produce(cfg, ends["other_out"])
    else:
        echo(cfg, ends["other_in"], ends["other_out"])


def run(cfg):
    pin(cfg.get("receiverCpus"))
    ctx = multiprocessing.get_context("fork")
    state = {"pids": [], "keep": [], "close_after_start": [], "close_fds_after_start": [],
             "manager": None, "shm": None, "thread": False, "kernel": None}
    other = None
    try:
        ends = build(cfg, ctx, state)
        go = ctx.Event()
        name = "py-producer" if cfg["mode"] == "throughput" else "py-echo"
        if state["thread"]:
            other = threading.Thread(target=other_end, args=(cfg, ends, go, name, False), name=name,
                                     daemon=True)
            other.start()
            emit({"type": "thread", "name": name, "pid": os.getpid(), "tid": other.native_id})
        else:
            other = ctx.Process(target=other_end, args=(cfg, ends, go, name, True), name=name,
                                daemon=True)
            other.start()
            state["pids"].append(other.pid)
        for conn in state["close_after_start"]:
            conn.close()
        for fd in state["close_fds_after_start"]:
            os.close(fd)
        if state["shm"] is not None:
            # Every end has it mapped (fork): unlinked now, a killed run cannot leak it.
            state["shm"].unlink()
        emit({"type": "pids", "pids": state["pids"]})
        if state["kernel"]:
            emit({"type": "kernel", "what": state["kernel"]})
        watch_owner()
        meter = Meter()
        finished = threading.Event()

        def report():
            while not finished.wait(REPORT_EVERY_S):
                emit(meter.delta())

        reporter = threading.Thread(target=report, name="py-reporter", daemon=True)
        reporter.start()
        emit({"type": "start"})
        go.set()
        if cfg["mode"] == "throughput":
            sent = consume(cfg, ends["main_in"], meter)
        else:
            sent = client(cfg, ends["main_out"], ends["main_in"], meter)
        finished.set()
        reporter.join()
        emit(meter.delta())
        emit({"type": "done", "sent": sent, "threads": 1 if state["thread"] else 0})
    finally:
        if other is not None:
            other.join(timeout=2)
            if not state["thread"] and other.is_alive():
                other.kill()
                other.join()
        if state["manager"] is not None:
            state["manager"].shutdown()
        if state["shm"] is not None:
            try:
                state["shm"].close()
            except BufferError:
                pass


if __name__ == "__main__":
    sys.exit(run_script("ipc_lab.py", run, watch=False))
