"""Concurrency Lab: coroutines made visible (standard library only).

Each task's turns on its one thread, and the event loop's delay, for the asyncio model (here)
and the gevent model (gevent_model.py). Python 3.8+: tasks are traced by wrapping each coroutine
in an object whose send()/throw() time every step, not with 3.12's sys.monitoring.
"""

import asyncio
import collections.abc
import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from time import monotonic

from workloads import combine, run_task_async

# Most turns a run keeps over all its tasks (MAX_TASK_TURNS in src/shared/task-lanes.ts); tasks
# beyond that many are counted but not kept either.
MAX_TASK_TURNS = 50_000
# The heartbeat's period, and how often the loop delay is reported.
BEAT_S = 0.01
REPORT_EVERY_S = 1.0


class TaskRecord:
    """One task: its turns on the thread (start, end, start, end… in seconds on CLOCK_MONOTONIC,
    kept flat and raw: a turn can be a few microseconds, so recording one must cost less), when
    it was created and when it finished."""

    __slots__ = ("index", "turns", "created", "finished", "start")

    def __init__(self, index, kept):
        self.index = index
        self.turns = [] if kept else None
        self.created = monotonic()
        self.finished = None
        self.start = None  # gevent: when its current turn began


def _micros(seconds, base):
    return int((seconds - base) * 1e6)


class TaskTracer:
    """Every task's turns, and how often the thread went from one task to another."""

    def __init__(self, runtime):
        self.runtime = runtime
        self.kept = []
        self.total = 0
        self.turn_count = 0
        self.switches = 0
        self.truncated = False
        self.last = None

    def created(self):
        """A new task: returns its record (kept only for the first MAX_TASK_TURNS tasks)."""
        kept = self.total < MAX_TASK_TURNS
        record = TaskRecord(self.total, kept)
        self.total += 1
        if kept:
            self.kept.append(record)
        else:
            self.truncated = True
        return record

    def ran(self, record, start, end):
        """The task held the thread from start to end (s); another task than last is a switch."""
        if self.last is not record:
            if self.last is not None:
                self.switches += 1
            self.last = record
        turns = record.turns
        if turns is None:
            return
        if self.turn_count < MAX_TASK_TURNS:
            turns.append(start)
            turns.append(end)
            self.turn_count += 1
        else:
            self.truncated = True

    def message(self, tid):
        """The 'tasks' line the lab reads. Compact, since a run can have 50,000 turns: per task
        [index, created, finished or -1, start, end, start, end…] in whole microseconds after
        baseMs (ms on CLOCK_MONOTONIC). Integers are several times quicker to write and read
        than floats, and the line is a quarter of the size."""
        base = min((record.created for record in self.kept), default=monotonic())
        tasks = []
        for record in self.kept:
            turns = record.turns or []
            finished = record.finished
            if finished is not None and turns:
                # A task's last turn ends as control leaves it, just after it noted finishing.
                finished = max(finished, turns[-1])
            row = [
                record.index,
                _micros(record.created, base),
                -1 if finished is None else _micros(finished, base),
            ]
            row.extend([int((t - base) * 1e6) for t in turns])
            tasks.append(row)
        return {
            "type": "tasks",
            "clock": "monotonic",
            "runtime": self.runtime,
            "pid": os.getpid(),
            "tid": tid,
            "baseMs": base * 1000,
            "tasks": tasks,
            "taskTotal": self.total,
            "taskSwitches": self.switches,
            "truncated": self.truncated,
        }


class TracedCoroutine(collections.abc.Coroutine):
    """A coroutine whose every step (one send() or throw()) is one turn of its task."""

    __slots__ = ("_coro", "_tracer", "_record")

    def __init__(self, coro, tracer, record):
        self._coro = coro
        self._tracer = tracer
        self._record = record

    def _step(self, method, *args):
        start = monotonic()
        try:
            return method(*args)
        except BaseException:
            # Returned (StopIteration) or raised: either way the coroutine is over.
            self._record.finished = monotonic()
            raise
        finally:
            self._tracer.ran(self._record, start, monotonic())

    def send(self, value):
        return self._step(self._coro.send, value)

    def throw(self, typ, val=None, tb=None):
        if val is None and tb is None:
            return self._step(self._coro.throw, typ)
        return self._step(self._coro.throw, typ, val, tb)

    def close(self):
        return self._coro.close()

    def __await__(self):
        return self

    def __iter__(self):
        return self

    def __next__(self):
        return self.send(None)


def trace_tasks(loop, tracer):
    """From now on every task the loop creates runs a TracedCoroutine (3.8+: set_task_factory)."""

    def factory(loop, coro, **kwargs):
        # kwargs: name, context (3.11+), eager_start (3.12+) — passed on as given.
        return asyncio.Task(TracedCoroutine(coro, tracer, tracer.created()), loop=loop, **kwargs)

    loop.set_task_factory(factory)


def summary(samples):
    """p50, p99 and max of lateness samples (ms), by nearest rank: always a value measured."""
    ordered = sorted(samples)

    def rank(share):
        return round(ordered[min(len(ordered) - 1, max(0, math.ceil(len(ordered) * share) - 1))], 3)

    return {
        "p50Ms": rank(0.5),
        "p99Ms": rank(0.99),
        "maxMs": round(ordered[-1], 3),
        "count": len(ordered),
    }


class LoopDelayMeter:
    """How late the heartbeat woke: a 'loop-delay' line about once a second, and one at the end."""

    def __init__(self, emit):
        self.emit = emit
        self.samples = []
        self.all = []  # at most 100 a second, for the whole run's figures at the end
        self.reported = monotonic()
        self.due = None

    def beat(self):
        """The heartbeat woke: records how late, and reports if a second has gone by."""
        now = monotonic()
        if self.due is not None:
            self.samples.append(max(0.0, now - self.due) * 1000)
        self.due = None
        if now - self.reported >= REPORT_EVERY_S:
            self.flush()

    def flush(self, final=False):
        """Reports the samples since the last report; at the end, the whole run's as well."""
        now = monotonic()
        if final and self.due is not None and now > self.due:
            # Still not woken at the end: it is at least this late, and that counts.
            self.samples.append((now - self.due) * 1000)
            self.due = None
        self.reported = now
        if self.samples:
            self.emit({"type": "loop-delay", "delay": summary(self.samples)})
            self.all.extend(self.samples)
            self.samples = []
        if final and self.all:
            self.emit({"type": "loop-delay", "delay": summary(self.all), "wholeRun": True})


async def asyncio_heartbeat(meter):
    """Sleeps BEAT_S again and again; how late it wakes is the loop's delay. Not a run's task."""
    while True:
        meter.due = monotonic() + BEAT_S
        await asyncio.sleep(BEAT_S)
        meter.beat()


def run_asyncio(cfg, progress, emit, name_this_thread, named_thread_initializer):
    """asyncio.gather of all tasks behind a Semaphore(concurrency); traced unless told not to."""
    name = "%s-asyncio" % cfg["prefix"]
    name_this_thread(name)
    initialize, _local = named_thread_initializer("%s-x" % cfg["prefix"])
    tracer = TaskTracer("asyncio") if cfg.get("traceTasks", True) else None
    meter = LoopDelayMeter(emit)

    async def main():
        loop = asyncio.get_running_loop()
        if cfg["workload"] == "file":
            executor = ThreadPoolExecutor(
                max_workers=min(32, (os.cpu_count() or 1) + 4), initializer=initialize
            )
            loop.set_default_executor(executor)
        # Created before the factory is set, so the heartbeat is never one of the traced tasks.
        heartbeat = loop.create_task(asyncio_heartbeat(meter))
        if tracer is not None:
            trace_tasks(loop, tracer)
        semaphore = asyncio.Semaphore(cfg["concurrency"])
        state = {"checksum": 0}

        async def guarded(index):
            async with semaphore:
                result = await run_task_async(cfg, index)
            state["checksum"] = combine(state["checksum"], index, result)
            progress.add(name)
            progress.maybe_emit()

        try:
            # gather in chunks so a million tasks do not become a million coroutines at once.
            chunk = max(10_000, cfg["concurrency"] * 10)
            for first in range(0, cfg["tasks"], chunk):
                last = min(cfg["tasks"], first + chunk)
                await asyncio.gather(*(guarded(index) for index in range(first, last)))
        finally:
            # asyncio.run's own clean-up tasks are not the run's.
            loop.set_task_factory(None)
            meter.flush(final=True)
            heartbeat.cancel()
        return state["checksum"]

    checksum = asyncio.run(main())
    if tracer is not None:
        emit(tracer.message(threading.get_native_id()))
    return checksum, 1
