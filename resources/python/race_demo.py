#!/usr/bin/env python3
"""Concurrency Lab: the race demo in Python (standard library only).

Started by the IPC runner with one JSON argument: {modes, workers, iterations}. Each mode has W
threads or processes add 1 to one counter T times, all released together by a barrier:
  py-threads               `counter += 1` on a global, default switch interval
  py-threads-fast-switch   the same after sys.setswitchinterval(1e-6), to provoke a switch
  py-processes             multiprocessing.Value('i', 0, lock=False): read-add-write, no lock
  py-processes-locked      the same Value with get_lock() held around each update
Reports JSON lines: hello (pid, version), pids, one `race` line per mode, or error. It leads its
own process group and kills it when the runner goes away (stdin EOF), as ipc_lab.py does.
"""

import multiprocessing
import sys
import threading
import time

from ipc_proc import emit, run_script, watch_parent

counter = 0


def _thread_worker(barrier, iterations):
    global counter
    barrier.wait()
    for _ in range(iterations):
        counter += 1


def run_threads(workers, iterations, switch_interval):
    global counter
    counter = 0
    before = sys.getswitchinterval()
    if switch_interval is not None:
        sys.setswitchinterval(switch_interval)
    try:
        barrier = threading.Barrier(workers + 1)
        threads = [
            threading.Thread(target=_thread_worker, args=(barrier, iterations), name="race-%d" % i)
            for i in range(workers)
        ]
        for t in threads:
            t.start()
        barrier.wait()
        started = time.perf_counter()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        used = sys.getswitchinterval()
    finally:
        sys.setswitchinterval(before)
    return counter, elapsed, used


def _process_worker(value, barrier, iterations, locked):
    watch_parent()
    barrier.wait()
    if locked:
        lock = value.get_lock()
        for _ in range(iterations):
            with lock:
                value.value += 1
    else:
        for _ in range(iterations):
            value.value += 1  # a load, an add and a store: another process can come between


def run_processes(workers, iterations, locked):
    # lock=False gives a bare ctypes int in shared memory; the default wraps it with an RLock.
    value = multiprocessing.Value("i", 0) if locked else multiprocessing.Value("i", 0, lock=False)
    barrier = multiprocessing.Barrier(workers + 1)
    procs = [
        multiprocessing.Process(target=_process_worker, args=(value, barrier, iterations, locked))
        for _ in range(workers)
    ]
    for p in procs:
        p.start()
    emit({"type": "pids", "pids": [p.pid for p in procs]})
    barrier.wait()
    started = time.perf_counter()
    for p in procs:
        p.join()
    elapsed = time.perf_counter() - started
    bad = [p.exitcode for p in procs if p.exitcode != 0]
    if bad:
        raise RuntimeError("a racing process failed (exit codes %s)" % bad)
    return value.value, elapsed, None


def run(cfg):
    workers = int(cfg["workers"])
    iterations = int(cfg["iterations"])
    for mode in cfg["modes"]:
        if mode == "py-threads":
            actual, elapsed, interval = run_threads(workers, iterations, None)
        elif mode == "py-threads-fast-switch":
            actual, elapsed, interval = run_threads(workers, iterations, 1e-6)
        elif mode == "py-processes":
            actual, elapsed, interval = run_processes(workers, iterations, False)
        elif mode == "py-processes-locked":
            actual, elapsed, interval = run_processes(workers, iterations, True)
        else:
            raise ValueError("unknown Python race mode %r" % mode)
        emit(
            {
                "type": "race",
                "mode": mode,
                "expected": workers * iterations,
                "actual": actual,
                "elapsedMs": elapsed * 1000,
                "switchInterval": interval,
            }
        )


if __name__ == "__main__":
    sys.exit(run_script("race_demo.py", run))
