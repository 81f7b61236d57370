"""Concurrency Lab: the channels of each Python mechanism, framed and bare (standard library
only). build() returns the ends: main_in/main_out for the measuring process, other_in/other_out
for the producer or echo end."""

import fcntl
import os
import queue
import secrets
import socket
import sys
from multiprocessing import shared_memory, util
from multiprocessing.managers import SyncManager

from ipc_ends import (
    ConnBytes,
    ConnPickle,
    DictMailbox,
    FdStream,
    QueueEnd,
    ShmRing,
    SocketStream,
)
from ipc_proc import pin, watch_owner

#: Slots of a throughput ring or mailbox window, and the bound of a queue.Queue.
WINDOW = 64
#: Whole messages a pipe holds (room for the Connection's length prefix and a pickle's header).
PIPE_MESSAGES = 4
PIPE_SLACK = 64
_F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)
_F_GETPIPE_SZ = getattr(fcntl, "F_GETPIPE_SZ", 1032)


def fit_pipe(fd, size):
    """Grows a pipe to hold PIPE_MESSAGES whole messages, so a framed message fits like a bare one.

    A default pipe holds 64 KiB: a bare 64 KiB write fits exactly, but send_bytes adds a 4-byte
    length (and a queue a pickle header), so each framed message overflowed it and both ends
    blocked and woke once a message, a cost of the lab's setup, not of the mechanism. Baseline
    and mechanism use the same pipe, so both get the same capacity. Returns it, or None."""
    try:
        have = fcntl.fcntl(fd, _F_GETPIPE_SZ)
        want = PIPE_MESSAGES * (size + PIPE_SLACK)
        if want > have:
            try:
                have = fcntl.fcntl(fd, _F_SETPIPE_SZ, want)
            except OSError:  # above /proc/sys/fs/pipe-max-size for this user: keep what it has
                pass
        return have
    except OSError:  # not a pipe
        return None


def describe_fd(fd, capacity=None):
    try:
        what = os.readlink("/proc/self/fd/%d" % fd)
    except OSError:
        return None
    return what if capacity is None else "%s, holds %d KiB" % (what, capacity // 1024)


def pipe_ends(fds, size):
    """Fits every pipe among the ends to the message size; describes the one main reads from."""
    capacity = None
    for name, fd in fds.items():
        got = fit_pipe(fd, size)
        if name == "main_in":
            capacity = got
    return describe_fd(fds["main_in"], capacity)


def serve_manager(cfg):
    """The manager's server process: watches its owner, and may run on either end's CPU."""
    watch_owner()
    pin((cfg.get("receiverCpus") or []) + (cfg.get("senderCpus") or []))


def manager_address():
    """Where the manager's server listens. Left to itself, multiprocessing puts the socket in a
    pymp-* folder under the temp dir that only a clean exit removes, so a stopped or killed run
    would leave one behind. A Linux abstract socket has no file at all; its name is random and
    the manager's authkey still decides who may talk to it. Before Python 3.9 multiprocessing
    cannot name one, and the default is kept."""
    if sys.platform.startswith("linux") and hasattr(util, "is_abstract_socket_namespace"):
        return "\0concurrency-lab-manager-" + secrets.token_hex(16)
    return None


def fd_pair(cfg):
    """A bare channel between the two processes: a pipe one way, a socketpair both ways."""
    if cfg["mode"] == "throughput":
        r, w = os.pipe()
        return {"main_in": r, "other_out": w}, [w]
    a, b = socket.socketpair()
    return {"main_in": a.fileno(), "main_out": a.fileno(), "other_in": b.fileno(),
            "other_out": b.fileno(), "_keep": (a, b)}, []


def build(cfg, ctx, state):
    """The ends of the run's channel(s): main_in/main_out here, other_in/other_out there."""
    mechanism, size, raw = cfg["mechanism"], cfg["size"], cfg["raw"]
    rt = cfg["mode"] == "round-trip"

    def fds(ends):
        return {k: FdStream(v, size) for k, v in ends.items() if not k.startswith("_")}

    if mechanism in ("python-pipe-bytes", "python-pipe-pickle"):
        wrap = ConnBytes if mechanism == "python-pipe-bytes" else ConnPickle
        if rt:
            a, b = ctx.Pipe(duplex=True)
            conns = {"main_in": a, "main_out": a, "other_in": b, "other_out": b}
        else:
            r, w = ctx.Pipe(duplex=False)
            conns = {"main_in": r, "other_out": w}
            state["close_after_start"].append(w)
        # Kept referenced: a Connection closes its fd when collected, even under FdStream.
        state["keep"].append(conns)
        if rt:
            state["kernel"] = describe_fd(conns["main_in"].fileno())
        else:
            state["kernel"] = pipe_ends({"main_in": r.fileno()}, size)
        if raw:
            return {k: FdStream(c.fileno(), size) for k, c in conns.items()}
        return {k: wrap(c) for k, c in conns.items()}
    if mechanism in ("python-queue", "python-simple-queue"):
        make = ctx.Queue if mechanism == "python-queue" else ctx.SimpleQueue
        to_main = make()
        to_other = make() if rt else None
        state["keep"].append((to_main, to_other))
        pipes = {"main_in": to_main._reader.fileno()}
        if rt:
            pipes["other_in"] = to_other._reader.fileno()
        state["kernel"] = pipe_ends(pipes, size)
        if raw:
            ends = {"main_in": to_main._reader.fileno(), "other_out": to_main._writer.fileno()}
            if rt:
                ends["main_out"] = to_other._writer.fileno()
                ends["other_in"] = to_other._reader.fileno()
            return fds(ends)
        ends = {"main_in": QueueEnd(to_main), "other_out": QueueEnd(to_main)}
        if rt:
            ends["main_out"] = ends["other_in"] = QueueEnd(to_other)
        return ends
    if mechanism in ("python-manager-queue", "python-manager-dict"):
        if raw:
            ends, close = fd_pair(cfg)
            state["keep"].append(ends)
            state["close_fds_after_start"].extend(close)
            state["kernel"] = pipe_ends({"main_in": ends["main_in"]}, size)
            return fds(ends)
        address = manager_address()
        manager = SyncManager(address=address, ctx=ctx)
        manager.start(initializer=serve_manager, initargs=(cfg,))
        state["manager"] = manager
        state["pids"].append(manager._process.pid)
        state["kernel"] = "manager server process %d, reached over %s" % (
            manager._process.pid, "an abstract Unix socket (no file)" if address else "a Unix socket")
        if mechanism == "python-manager-queue":
            to_main = QueueEnd(manager.Queue())
            to_other = QueueEnd(manager.Queue()) if rt else None
        else:
            to_main = DictMailbox(manager.dict(), ctx.Semaphore(0), ctx.Semaphore(WINDOW))
            to_other = DictMailbox(manager.dict(), ctx.Semaphore(0), ctx.Semaphore(1)) if rt else None
        ends = {"main_in": to_main, "other_out": to_main}
        if rt:
            ends["main_out"] = ends["other_in"] = to_other
        return ends
    if mechanism == "python-shared-memory":
        slots = 1 if rt else max(2, min(WINDOW, (8 << 20) // size))
        ring_bytes = ShmRing.bytes_needed(slots, size)
        shm = shared_memory.SharedMemory(create=True, size=ring_bytes * (2 if rt else 1))
        state["shm"] = shm
        state["kernel"] = "POSIX shared memory /dev/shm%s (%d bytes), %d-slot ring(s)" % (
            shm._name, shm.size, slots)

        def ring(offset):
            return ShmRing(shm.buf, offset, slots, size, ctx.Semaphore(0), ctx.Semaphore(slots))

        to_main = ring(0)
        ends = {"main_in": to_main, "other_out": to_main}
        if rt:
            ends["main_out"] = ends["other_in"] = ring(ring_bytes)
        return ends
    if mechanism == "python-queue-threads":
        state["thread"] = True
        state["kernel"] = "queue.Queue(maxsize=%d) in one process (no kernel object)" % WINDOW
        to_main = QueueEnd(queue.Queue(WINDOW))
        ends = {"main_in": to_main, "other_out": to_main}
        if rt:
            ends["main_out"] = ends["other_in"] = QueueEnd(queue.Queue(WINDOW))
        return ends
    if mechanism == "python-socketpair":
        a, b = socket.socketpair()
        state["keep"].append((a, b))
        state["kernel"] = describe_fd(a.fileno())
        if not rt:
            state["close_after_start"].append(b)
        if raw:
            ends = {"main_in": a.fileno(), "other_out": b.fileno()}
            if rt:
                ends.update(main_out=a.fileno(), other_in=b.fileno())
            return fds(ends)
        ends = {"main_in": SocketStream(a, size), "other_out": SocketStream(b, size)}
        if rt:
            ends.update(main_out=ends["main_in"], other_in=ends["other_out"])
        return ends
    raise ValueError("unknown Python mechanism %r" % mechanism)
