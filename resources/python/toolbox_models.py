"""Concurrency Lab: the Python models the textbooks build by hand (standard library only).

A thread pool made of a queue.Queue and N threads, and one thread driving many sockets through
`selectors` (epoll on Linux). Their reports match experiment.py's models: same checksum, same
progress per worker, same thread names.
"""

import heapq
import os
import queue
import selectors
import socket
import threading
import time

from workloads import combine, crash_if_asked, io_value, run_task

#: How long each worker keeps the Condition's lock after it wakes (busy, so its lane runs).
HOLD_S = 0.06


class Gate:
    """The event and condition workloads: every worker blocks until the main thread releases them.

    event: they wait on one threading.Event, and one set() lets them all go at once.
    condition: they wait on one threading.Condition (wait_for a flag) and the main thread sets
    the flag and calls notify_all() under its lock. notify_all wakes them all, but each must
    re-acquire the lock before wait_for returns, and each holds it for HOLD_S (a short critical
    section): they leave the wait one after another. Event workers do the same HOLD_S of work,
    without the lock. Each worker notes when it left the wait; the spread from the first to the
    last is reported (a 'release' line), so the two can be compared.

    A second Condition counts the threads that wait, so the main thread releases them only once
    all are blocked: the lanes then show every worker blocked, then running.
    """

    def __init__(self, cfg, threads, emit=None):
        self.kind = cfg["workload"] if cfg["workload"] in ("event", "condition") else None
        self.active = self.kind is not None
        self.latency_s = cfg["latencyMs"] / 1000
        self.threads = threads
        self.emit = emit
        self.event = threading.Event()
        self.condition = threading.Condition()
        self.released = False
        self.arrived = threading.Condition()
        self.waiting = 0
        self.left = []  # time.monotonic() as each worker left the wait

    def wait(self):
        """Called by each worker before its first task."""
        if not self.active:
            return
        with self.arrived:
            self.waiting += 1
            self.arrived.notify_all()
        if self.kind == "event":
            self.event.wait()
            self._left()
            _busy(HOLD_S)
            return
        with self.condition:
            self.condition.wait_for(lambda: self.released)
            # Still holding the lock: the next woken worker cannot return from wait_for yet.
            self._left()
            _busy(HOLD_S)

    def _left(self):
        with self.arrived:
            self.left.append(time.monotonic())
            if len(self.left) == self.threads and self.emit is not None:
                spread_ms = (max(self.left) - min(self.left)) * 1000
                self.emit({"type": "release", "how": self.kind, "spreadMs": spread_ms})

    def release(self):
        """Called by the main thread: waits for every worker to block, sleeps, then releases."""
        if not self.active or self.event.is_set() or self.released:
            return
        with self.arrived:
            # A bound, so a worker that died early cannot hang the run.
            self.arrived.wait_for(lambda: self.waiting >= self.threads, timeout=10)
        time.sleep(self.latency_s)
        if self.kind == "event":
            self.event.set()
            return
        with self.condition:
            self.released = True
            self.condition.notify_all()


def _busy(seconds):
    """Computes for `seconds` (wall clock): work the lanes show as running."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


_STOP = object()  # the sentinel: one per thread tells it to leave its loop


def run_custom_pool(cfg, progress, emit, name_this_thread, poll_s):
    """N threads that loop get() → run → task_done() on one queue.Queue, like ThreadPoolExecutor."""
    workers = min(cfg["workers"], cfg["tasks"])
    # Bounded, like ThreadPoolExecutor's window in experiment.py: a million tasks stay out of memory.
    tasks = queue.Queue(maxsize=workers * 4)
    lock = threading.Lock()
    state = {"checksum": 0, "error": None}
    gate = Gate(cfg, workers, emit)

    def worker(name):
        name_this_thread(name)
        emit({"type": "spawn", "name": name, "pid": os.getpid(), "tid": threading.get_native_id()})
        gate.wait()
        while True:
            index = tasks.get()
            try:
                if index is _STOP:
                    return
                if state["error"] is None:
                    result = run_task(cfg, index)
                    with lock:
                        state["checksum"] = combine(state["checksum"], index, result)
                    progress.add(name)
            except Exception as error:  # noqa: BLE001 - re-raised by the main thread
                state["error"] = error
            finally:
                tasks.task_done()

    names = ["%s-t%d" % (cfg["prefix"], number) for number in range(1, workers + 1)]
    threads = [threading.Thread(target=worker, args=(name,), name=name) for name in names]
    for thread in threads:
        thread.start()
    gate.release()

    def put(item):
        while True:
            try:
                tasks.put(item, timeout=poll_s)
                return
            except queue.Full:
                progress.maybe_emit()

    def wait_until_empty():
        # queue.Queue.join() has no timeout: wait on its condition so progress keeps flowing.
        with tasks.all_tasks_done:
            while tasks.unfinished_tasks:
                tasks.all_tasks_done.wait(poll_s)
                progress.maybe_emit()

    for index in range(cfg["tasks"]):
        put(index)
        if cfg["submit"] == "apply":
            wait_until_empty()
        progress.maybe_emit()
    for _thread in threads:
        put(_STOP)
    wait_until_empty()
    for thread in threads:
        thread.join()
    if state["error"] is not None:
        raise state["error"]
    for name in names:
        emit({"type": "exit", "name": name, "exitCode": 0})
    return state["checksum"], workers


class _Echo:
    """One connection's state: the request still to send and the reply read so far."""

    def __init__(self, index, request):
        self.index = index
        self.outgoing = request
        self.received = b""


def run_selectors(cfg, progress, name_this_thread):
    """One thread, many sockets: up to `concurrency` requests in flight, driven by a selector."""
    name = "%s-sel" % cfg["prefix"]
    name_this_thread(name)
    if cfg["workload"] not in ("echo", "timer"):
        raise ValueError("python-selectors runs only the echo and timer workloads")
    selector = selectors.DefaultSelector()
    state = {"checksum": 0, "next": 0, "open": 0}
    timers = []  # (deadline, index): the timer workload waits in select()'s timeout

    def finish(index, result):
        state["checksum"] = combine(state["checksum"], index, result)
        state["open"] -= 1
        progress.add(name)

    def start(index):
        crash_if_asked(cfg, index)
        state["open"] += 1
        if cfg["workload"] == "timer":
            heapq.heappush(timers, (time.monotonic() + cfg["latencyMs"] / 1000, index))
            return
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", cfg["echoPort"]))  # EINPROGRESS: writable once connected
        selector.register(sock, selectors.EVENT_WRITE, _Echo(index, b"%d\n" % index))

    def on_ready(key, events):
        sock, echo = key.fileobj, key.data
        if events & selectors.EVENT_WRITE:
            error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, "connect to the echo server failed: %s" % os.strerror(error))
            echo.outgoing = echo.outgoing[sock.send(echo.outgoing) :]
            if not echo.outgoing:
                selector.modify(sock, selectors.EVENT_READ, echo)
            return
        chunk = sock.recv(64)
        if not chunk:
            raise RuntimeError("echo server closed the connection early")
        echo.received += chunk
        if b"\n" in echo.received:
            selector.unregister(sock)
            sock.close()
            finish(echo.index, io_value(int(echo.received.split(b"\n")[0])))

    try:
        while state["next"] < cfg["tasks"] or state["open"] > 0:
            while state["next"] < cfg["tasks"] and state["open"] < cfg["concurrency"]:
                start(state["next"])
                state["next"] += 1
            timeout = 0.1
            if timers:
                timeout = min(timeout, max(0.0, timers[0][0] - time.monotonic()))
            # The kernel (epoll) says which sockets are ready; the thread sleeps until then.
            for key, events in selector.select(timeout) if selector.get_map() else _sleep(timeout):
                on_ready(key, events)
            while timers and timers[0][0] <= time.monotonic():
                _deadline, index = heapq.heappop(timers)
                finish(index, io_value(index))
            progress.maybe_emit()
    finally:
        for key in list(selector.get_map().values()):
            key.fileobj.close()
        selector.close()
    return state["checksum"], 1


def _sleep(seconds):
    """What select() would do with no sockets registered: wait out the timeout."""
    time.sleep(seconds)
    return []
