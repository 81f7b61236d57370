"""Concurrency Lab: the python-gevent model: greenlets on one thread, the standard library patched.

Imported only once gevent_experiment.py has run monkey.patch_all(), so time.sleep and socket
here are gevent's: a wait switches to another greenlet instead of blocking the thread. CPU work
never switches, so the greenlets overlap their waits but never use a second core.
"""

import threading
from time import monotonic

import gevent
import greenlet
from gevent.pool import Pool

from coroutines import BEAT_S, LoopDelayMeter, TaskTracer
from workloads import combine, run_task


def trace_greenlets(tracer, records):
    """A task's turn runs from a switch into its greenlet to the next switch out of it."""

    def trace(event, args):
        if event not in ("switch", "throw"):
            return
        origin, target = args
        now = monotonic()
        record = records.get(origin)
        if record is not None and record.start is not None:
            tracer.ran(record, record.start, now)
            record.start = None
            if origin.dead:
                record.finished = now
                del records[origin]
        record = records.get(target)
        if record is not None:
            record.start = now

    # Per thread: only this thread's switches are traced. Returns the tracer it replaced.
    return greenlet.settrace(trace)


def heartbeat(meter):
    """A greenlet (not a task of the run) that sleeps BEAT_S again and again; lateness is delay."""
    while True:
        meter.due = monotonic() + BEAT_S
        gevent.sleep(BEAT_S)
        meter.beat()


def run_gevent(cfg, progress, emit, name_this_thread):
    """Every task in a greenlet of a gevent Pool(concurrency), traced unless traceTasks is off."""
    name = "%s-gevent" % cfg["prefix"]
    name_this_thread(name)
    tracer = TaskTracer("gevent") if cfg.get("traceTasks", True) else None
    records = {}  # greenlet -> TaskRecord, while it lives
    meter = LoopDelayMeter(emit)
    beating = gevent.spawn(heartbeat, meter)
    state = {"checksum": 0, "error": None}

    def task(index):
        try:
            result = run_task(cfg, index)
        except Exception as error:  # noqa: BLE001 - re-raised by the main greenlet
            state["error"] = state["error"] or error
            return
        state["checksum"] = combine(state["checksum"], index, result)
        progress.add(name)
        progress.maybe_emit()

    previous = trace_greenlets(tracer, records) if tracer is not None else None
    pool = Pool(cfg["concurrency"])
    try:
        for index in range(cfg["tasks"]):
            if state["error"] is not None:
                break
            # spawn waits (in the hub) while the pool is full; the new greenlet has not run yet.
            spawned = pool.spawn(task, index)
            if tracer is not None:
                records[spawned] = tracer.created()
        pool.join()
    finally:
        if tracer is not None:
            greenlet.settrace(previous)
        meter.flush(final=True)
        beating.kill()
    if state["error"] is not None:
        raise state["error"]
    if tracer is not None:
        emit(tracer.message(threading.get_native_id()))
    return state["checksum"], 1
