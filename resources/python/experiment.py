#!/usr/bin/env python3
"""Concurrency Lab: the Python execution models of an experiment (standard library only).

Started by the experiment host with one JSON argument (the run's settings); reports JSON lines
on stdout: hello, spawn, exit, progress, then done or error. `--probe` prints hello and exits.
The workloads and the checksum live in workloads.py beside this file.
"""

import importlib.util
import json
import multiprocessing
import os
import resource
import signal
import sys
import sysconfig
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait

from workloads import (
    CPU_RANGE_BASE,
    CPU_RANGE_COUNT,
    combine,
    crash_if_asked,
    is_prime,
    run_task,
    sleep_blocking,
)
from coroutines import run_asyncio
from toolbox_models import Gate, run_custom_pool, run_selectors

PROGRESS_EVERY_S = 0.1

_out_lock = threading.Lock()


def emit(message):
    """Writes one JSON line; each line is one write() so processes never interleave."""
    line = json.dumps(message, separators=(",", ":")) + "\n"
    with _out_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


def interpreter_facts():
    """Version and GIL status of this interpreter."""
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    return {
        "version": ".".join(str(part) for part in sys.version_info[:3]),
        "gilEnabled": bool(is_gil_enabled()) if is_gil_enabled else True,
        "gilSource": "sys._is_gil_enabled()"
        if is_gil_enabled
        else "interpreter predates free threading",
        "freeThreaded": free_threaded,
    }


def name_this_thread(name):
    """Names the calling thread for the sampler (Linux; silently skipped elsewhere)."""
    try:
        with open("/proc/self/task/%d/comm" % threading.get_native_id(), "w") as comm:
            comm.write(name[:15])
    except OSError:
        pass


def start_watcher(target, name):
    """Runs target in a daemon OS thread, a real one even where gevent has patched threading."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        # As a greenlet, a watcher blocked in os.read would stall the hub and every greenlet.
        monkey.get_original("_thread", "start_new_thread")(target, ())
    else:
        threading.Thread(target=target, name=name, daemon=True).start()


def watch_parent(on_gone):
    """Calls on_gone when this process's parent changes (it died and we were re-parented)."""
    parent = os.getppid()

    def poll():
        while True:
            sleep_blocking(0.25)
            if os.getppid() != parent:
                on_gone()

    start_watcher(poll, "parent-watch")


def watch_stdin_eof():
    """The host keeps our stdin open; EOF means it is gone, so leave at once."""

    def read():
        # os.read, not sys.stdin: a daemon thread blocked inside a buffered reader aborts
        # the interpreter at shutdown.
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        os._exit(1)

    start_watcher(read, "stdin-watch")


class Progress:
    """Tasks done per worker, reported at most every PROGRESS_EVERY_S."""

    def __init__(self):
        self.done = {}
        self.last = 0.0

    def add(self, worker):
        # Each worker has its own key, so the GIL makes this safe without a lock.
        self.done[worker] = self.done.get(worker, 0) + 1

    def maybe_emit(self, force=False):
        now = time.monotonic()
        if force or now - self.last >= PROGRESS_EVERY_S:
            self.last = now
            emit({"type": "progress", "workers": dict(self.done)})


# --- heartbeats: the GIL's turns, exactly --------------------------------------------------

# Numbers tested between two heartbeats: a few hundred microseconds of work.
BEAT_EVERY = 16
# A pause longer than this between two beats of a thread ends its turn: it lost the GIL (or
# the CPU) meanwhile. Python hands the GIL over every 5 ms by default.
TURN_GAP_NS = 1_000_000
MAX_TURNS = 20_000


class Turns:
    """A thread's turns: a beat can only be recorded while the thread holds the GIL."""

    def __init__(self):
        self.turns = []
        self.start = None
        self.last = None

    def beat(self):
        now = time.monotonic_ns()
        if self.last is not None and now - self.last <= TURN_GAP_NS:
            self.last = now
            return
        self.close()
        self.start = self.last = now

    def close(self):
        if self.start is not None and len(self.turns) < MAX_TURNS:
            self.turns.append([self.start / 1e6, self.last / 1e6])
        self.start = None


def count_primes_beating(index, cpu_size, turns):
    """workloads.count_primes_for_task, with a heartbeat every BEAT_EVERY numbers."""
    start = CPU_RANGE_BASE + (index % CPU_RANGE_COUNT) * cpu_size
    count = 0
    for n in range(start, start + cpu_size):
        if n % BEAT_EVERY == 0:
            turns.beat()
        if is_prime(n):
            count += 1
    turns.beat()
    return count


# --- models ----------------------------------------------------------------------------------


def run_sequential(cfg, progress):
    name = "%s-seq" % cfg["prefix"]
    name_this_thread(name)
    if cfg["workload"] in ("event", "condition"):
        time.sleep(cfg["latencyMs"] / 1000)  # one thread: the wait before the release, then work
    checksum = 0
    for index in range(cfg["tasks"]):
        checksum = combine(checksum, index, run_task(cfg, index))
        progress.add(name)
        progress.maybe_emit()
    return checksum, 1


def named_thread_initializer(prefix, gate=None):
    """A ThreadPoolExecutor initializer that names each thread prefix1, prefix2, …"""
    counter = {"next": 0}
    lock = threading.Lock()
    local = threading.local()

    def initialize():
        with lock:
            counter["next"] += 1
            number = counter["next"]
        local.name = "%s%d" % (prefix, number)
        name_this_thread(local.name)
        emit(
            {
                "type": "spawn",
                "name": local.name,
                "pid": os.getpid(),
                "tid": threading.get_native_id(),
            }
        )
        if gate is not None:
            gate.wait()  # event/condition: blocked here until the main thread releases

    return initialize, local


def run_threads(cfg, progress):
    workers = cfg["workers"]
    # The pool starts a thread per submit while none is idle, so the first `workers` tasks start
    # every thread, each blocked in its initializer on the gate's Event or Condition.
    gate = Gate(cfg, min(workers, cfg["tasks"]), emit)
    initialize, local = named_thread_initializer("%s-t" % cfg["prefix"], gate)
    lock = threading.Lock()
    state = {"checksum": 0}

    turns_of = {}

    def task(index):
        if cfg["workload"] == "cpu":
            # Each thread's own Turns (its own key: the GIL makes this safe without a lock).
            turns = turns_of.setdefault(local.name, Turns())
            crash_if_asked(cfg, index)
            result = count_primes_beating(index, cfg["cpuSize"], turns)
        else:
            result = run_task(cfg, index)
        with lock:
            state["checksum"] = combine(state["checksum"], index, result)
        progress.add(local.name)
        return result

    def wait_for(future):
        while not wait([future], timeout=PROGRESS_EVERY_S).done:
            progress.maybe_emit()
        return future.result()

    executor = ThreadPoolExecutor(max_workers=workers, initializer=initialize)
    if cfg["submit"] == "apply":
        for index in range(cfg["tasks"]):
            wait_for(executor.submit(task, index))
    else:
        # Submit everything (a bounded window keeps a million futures out of memory), then join.
        window = threading.BoundedSemaphore(workers * 4)
        pending = set()
        for index in range(cfg["tasks"]):
            while not window.acquire(timeout=PROGRESS_EVERY_S):
                progress.maybe_emit()
            future = executor.submit(task, index)
            future.add_done_callback(lambda _future: window.release())
            pending.add(future)
            if index + 1 == gate.threads:
                gate.release()
            if len(pending) >= workers * 8:
                finished = {future for future in pending if future.done()}
                for future in finished:
                    future.result()  # re-raises a task's exception
                pending -= finished
            progress.maybe_emit()
        for future in pending:
            wait_for(future)
    executor.shutdown(wait=True)
    if turns_of:
        for turns in turns_of.values():
            turns.close()
        # On CLOCK_MONOTONIC, in ms: the lab maps them onto its lanes.
        emit(
            {
                "type": "turns",
                "clock": "monotonic",
                "turns": {name: turns.turns for name, turns in turns_of.items()},
            }
        )
    for number in range(1, min(workers, cfg["tasks"]) + 1):
        emit({"type": "exit", "name": "%s-t%d" % (cfg["prefix"], number), "exitCode": 0})
    return state["checksum"], min(workers, cfg["tasks"])


_pool_cfg = {}


def pool_initializer(counter, pids, cfg):
    with counter.get_lock():
        counter.value += 1
        number = counter.value
        if number <= len(pids):
            pids[number - 1] = os.getpid()  # lets the parent name us in its reports
    name = "%s-p%d" % (cfg["prefix"], number)
    _pool_cfg.update(cfg)
    _pool_cfg["name"] = name
    name_this_thread(name)
    emit({"type": "spawn", "name": name, "pid": os.getpid(), "tid": os.getpid()})
    watch_parent(lambda: os._exit(1))


def pool_task(index):
    return index, run_task(_pool_cfg, index, in_pool_process=True), _pool_cfg["name"]


def describe_exitcode(code):
    if code < 0:
        try:
            return "was killed by %s" % signal.Signals(-code).name
        except ValueError:
            return "was killed by signal %d" % -code
    return "exited with code %d" % code


def run_processes(cfg, progress):
    workers = cfg["workers"]
    context = multiprocessing.get_context()
    counter = context.Value("i", 0)
    pids = context.Array("i", workers * 2)
    pool = context.Pool(workers, initializer=pool_initializer, initargs=(counter, pids, cfg))
    processes = list(pool._pool)  # snapshot: the pool silently replaces workers that die
    lock = threading.Lock()
    state = {"checksum": 0, "error": None, "outstanding": 0}

    def name_of(process):
        numbers = [i + 1 for i, pid in enumerate(pids[:]) if pid == process.pid]
        number = numbers[0] if numbers else processes.index(process) + 1
        return "%s-p%d" % (cfg["prefix"], number)

    def check_workers():
        for process in processes:
            code = process.exitcode
            if code not in (None, 0):
                raise RuntimeError(
                    "worker %s (pid %d) %s" % (name_of(process), process.pid, describe_exitcode(code))
                )
        if state["error"] is not None:
            raise RuntimeError(state["error"])

    def on_result(outcome):
        index, result, name = outcome
        with lock:
            state["checksum"] = combine(state["checksum"], index, result)
            state["outstanding"] -= 1
        progress.add(name)

    def on_error(error):
        state["error"] = "task failed: %r" % (error,)

    def wait_until(condition):
        while not condition():
            time.sleep(0.02)
            check_workers()
            progress.maybe_emit()

    limit = 1 if cfg["submit"] == "apply" else workers * 4
    for index in range(cfg["tasks"]):
        # apply = submit and wait; apply_async keeps a bounded window of submitted tasks.
        wait_until(lambda: state["outstanding"] < limit)
        with lock:
            state["outstanding"] += 1
        pool.apply_async(pool_task, (index,), callback=on_result, error_callback=on_error)
    wait_until(lambda: state["outstanding"] == 0)
    pool.close()
    pool.join()
    for process in processes:
        emit(
            {
                "type": "exit",
                "name": name_of(process),
                "pid": process.pid,
                "exitCode": process.exitcode,
            }
        )
    return state["checksum"], workers


def run_gevent(cfg, progress):
    if "gevent.monkey" not in sys.modules:
        # Patched after socket, time and threading were imported, they would stay blocking.
        raise ValueError("python-gevent starts through gevent_experiment.py, which patches first")
    from gevent_model import run_gevent as run  # needs gevent: imported only for this model

    return run(cfg, progress, emit, name_this_thread)


MODELS = {
    "python-sequential": run_sequential,
    "python-threads": run_threads,
    "python-custom-pool": lambda cfg, progress: run_custom_pool(
        cfg, progress, emit, name_this_thread, PROGRESS_EVERY_S
    ),
    "python-selectors": lambda cfg, progress: run_selectors(cfg, progress, name_this_thread),
    "python-processes": run_processes,
    "python-asyncio": lambda cfg, progress: run_asyncio(
        cfg, progress, emit, name_this_thread, named_thread_initializer
    ),
    "python-gevent": run_gevent,
}


def usage():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "voluntaryCtxSwitches": own.ru_nvcsw + children.ru_nvcsw,
        "involuntaryCtxSwitches": own.ru_nivcsw + children.ru_nivcsw,
        "maxRssBytes": max(own.ru_maxrss, children.ru_maxrss) * 1024,
    }


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        # find_spec looks gevent up without importing it (an import takes a tenth of a second).
        gevent = importlib.util.find_spec("gevent") is not None
        emit(dict(type="hello", pid=os.getpid(), gevent=gevent, **interpreter_facts()))
        return 0
    cfg = json.loads(sys.argv[1])
    watch_stdin_eof()
    watch_parent(lambda: os._exit(1))
    name_this_thread("py-main")
    if cfg.get("switchIntervalMs"):
        # How long a thread may hold the GIL before it is asked to hand it over.
        sys.setswitchinterval(cfg["switchIntervalMs"] / 1000.0)
    # The switch interval in force, so a caller can see the setting took.
    emit(
        dict(
            type="hello",
            pid=os.getpid(),
            switchIntervalMs=sys.getswitchinterval() * 1000.0,
            **interpreter_facts()
        )
    )
    progress = Progress()
    try:
        checksum, parallel = MODELS[cfg["model"]](cfg, progress)
    except Exception as error:  # noqa: BLE001 - reported to the host, which fails the run
        emit({"type": "error", "message": str(error)})
        sys.stdout.flush()
        os._exit(3)
    progress.maybe_emit(force=True)
    emit({"type": "done", "checksum": checksum, "parallelWorkers": parallel, "usage": usage()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
