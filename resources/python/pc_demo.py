#!/usr/bin/env python3
"""Concurrency Lab: producer–consumer in Python (standard library only).

Started by the IPC runner with one JSON argument: {queue, producers, consumers, capacity, count,
durationMs, produceUs, consumeUs}. `queue` is one of
  threads     queue.Queue(maxsize=K) between threads of this process
  processes   multiprocessing.Queue(maxsize=K) between child processes
  joinable    multiprocessing.JoinableQueue(maxsize=K): consumers call task_done(), the end
              waits on join() before telling them to leave
Each put and get is tried without waiting first; only when that fails (full / empty) does the
end block, and the time it blocks is counted: producers' blocked time, consumers' idle time.
Items are integers (producer index << 32 | sequence); consumers keep a count and a hash
checksum (so do producers), so the end can tell that every item produced was consumed exactly
once.
Reports JSON lines: hello, pids, sample (every ~100 ms: depth = qsize(), produced, consumed,
blocked and idle ms), done (totals and checksums), or error. It leads its own process group and
kills it when the runner goes away (stdin EOF), as ipc_lab.py does.
"""

import multiprocessing
import queue
import sys
import threading
import time

from ipc_proc import emit, run_script, watch_parent

# Per-end slots in shared memory: [items, blocked-or-idle seconds]; checks are separate ints.
SLOT = 2
STOP_ITEM = -1
# Checksum: the sum of a multiplicative hash of each item, modulo a prime that JSON numbers
# carry exactly, so lost, duplicated or altered items change it.
PRIME = 2**31 - 1


def mark(item):
    return (item * 2654435761) % PRIME


def producer(q, index, count, work_s, stop, slots, base, checks, at):
    n = 0
    while (count is None or n < count) and not stop.is_set():
        if work_s:
            time.sleep(work_s)
        item = (index << 32) | n
        try:
            q.put_nowait(item)
        except queue.Full:
            started = time.perf_counter()
            put = False
            while not put:
                try:
                    # A timeout, so the run's deadline reaches a blocked producer.
                    q.put(item, timeout=0.05)
                    put = True
                except queue.Full:
                    if stop.is_set():
                        break
            slots[base + 1] += time.perf_counter() - started
            if not put:
                return  # the run's time is up and the item never went in: it is not counted
        n += 1
        slots[base] = n
        checks[at] = (checks[at] + mark(item)) % PRIME


def consumer(q, work_s, slots, base, joinable, checks, at):
    while True:
        try:
            item = q.get_nowait()
        except queue.Empty:
            started = time.perf_counter()
            item = q.get()
            slots[base + 1] += time.perf_counter() - started
        if item == STOP_ITEM:
            if joinable:
                q.task_done()
            return
        if work_s:
            time.sleep(work_s)
        slots[base] += 1
        checks[at] = (checks[at] + mark(item)) % PRIME
        if joinable:
            q.task_done()


def in_child(target, *args):
    watch_parent()
    target(*args)


def run(cfg):
    kind = cfg["queue"]
    producers, consumers, capacity = cfg["producers"], cfg["consumers"], cfg["capacity"]
    count, duration = cfg.get("count"), cfg.get("durationMs")
    produce_s, consume_s = cfg["produceUs"] / 1e6, cfg["consumeUs"] / 1e6
    threads = kind == "threads"
    if threads:
        q = queue.Queue(maxsize=capacity)
        stop = threading.Event()
        slots = [0.0] * (SLOT * (producers + consumers))
        checks = [0] * (producers + consumers)
        make = lambda target, args, name: threading.Thread(target=target, args=args, name=name)
    else:
        joinable = kind == "joinable"
        maker = multiprocessing.JoinableQueue if joinable else multiprocessing.Queue
        q = maker(maxsize=capacity)
        stop = multiprocessing.Event()
        # Each slot has one writer, so no lock; the sampler only reads.
        slots = multiprocessing.RawArray("d", SLOT * (producers + consumers))
        checks = multiprocessing.RawArray("q", producers + consumers)
        make = lambda target, args, name: multiprocessing.Process(
            target=in_child, args=(target,) + args, name=name
        )
    joinable = kind == "joinable"
    per = [
        None if count is None else count // producers + (1 if i < count % producers else 0)
        for i in range(producers)
    ]
    prods = [
        make(
            producer,
            (q, i, per[i], produce_s, stop, slots, SLOT * i, checks, i),
            "producer-%d" % i,
        )
        for i in range(producers)
    ]
    cons = [
        make(
            consumer,
            (q, consume_s, slots, SLOT * (producers + i), joinable, checks, producers + i),
            "consumer-%d" % i,
        )
        for i in range(consumers)
    ]
    started = time.perf_counter()
    for end in cons + prods:
        end.start()
    if not threads:
        emit({"type": "pids", "pids": [end.pid for end in cons + prods]})
    emit({"type": "start"})
    max_depth = [0]

    def figures():
        depth = q.qsize()
        max_depth[0] = max(max_depth[0], depth)
        return {
            "type": "sample",
            "depth": depth,
            "maxDepth": max_depth[0],
            "produced": int(sum(slots[SLOT * i] for i in range(producers))),
            "consumed": int(sum(slots[SLOT * (producers + i)] for i in range(consumers))),
            "producerBlockedMs": 1000 * sum(slots[SLOT * i + 1] for i in range(producers)),
            "consumerIdleMs": 1000
            * sum(slots[SLOT * (producers + i) + 1] for i in range(consumers)),
        }

    finished = threading.Event()

    def sampler():
        while not finished.wait(0.1):
            if duration is not None and time.perf_counter() - started >= duration / 1000:
                stop.set()
            emit(figures())

    watcher = threading.Thread(target=sampler, name="pc-sampler", daemon=True)
    watcher.start()
    for end in prods:
        end.join()
    if joinable:
        q.join()  # every item taken and marked done before the consumers are told to leave
    for _ in cons:
        q.put(STOP_ITEM)
    for end in cons:
        end.join()
    elapsed = time.perf_counter() - started
    finished.set()
    watcher.join()
    if not threads:
        bad = [end.exitcode for end in cons + prods if end.exitcode != 0]
        if bad:
            raise RuntimeError("a producer or consumer process failed (exit codes %s)" % bad)
    done = figures()
    done.update(
        {
            "type": "done",
            "elapsedMs": elapsed * 1000,
            "producedCheck": sum(checks[i] for i in range(producers)) % PRIME,
            "consumedCheck": sum(checks[producers + i] for i in range(consumers)) % PRIME,
            "threads": producers + consumers if threads else 0,
        }
    )
    emit(done)


if __name__ == "__main__":
    sys.exit(run_script("pc_demo.py", run))
