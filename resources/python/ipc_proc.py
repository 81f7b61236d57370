"""Concurrency Lab: process plumbing of the IPC lab's Python side: JSON-line reports, thread
names, CPU pinning, and never outliving the runner (standard library only)."""

import json
import os
import signal
import sys
import threading
import time

_out_lock = threading.Lock()


def emit(message):
    """Writes one JSON line; each line is one write() so processes never interleave."""
    line = json.dumps(message, separators=(",", ":")) + "\n"
    with _out_lock:
        sys.stdout.write(line)
        sys.stdout.flush()


def name_thread(tid, name):
    """Names a thread of this process for the thread panel (Linux; skipped elsewhere)."""
    try:
        with open("/proc/self/task/%d/comm" % tid, "w") as comm:
            comm.write(name[:15])
    except OSError:
        pass


def pin(cpus):
    """Pins the calling thread to these CPUs (the run's placement); None or empty: leave it."""
    if cpus and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, set(cpus))


def end_everything():
    """The runner is gone: end this process group (children, manager server) or just us."""
    if os.getpgrp() == os.getpid():
        os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(1)


def watch_owner():
    """Stdin EOF or a new parent both mean the runner is gone."""
    parent = os.getppid()

    def stdin():
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        end_everything()

    def ppid():
        while os.getppid() == parent:
            time.sleep(0.25)
        end_everything()

    threading.Thread(target=stdin, name="stdin-watch", daemon=True).start()
    threading.Thread(target=ppid, name="parent-watch", daemon=True).start()


def watch_parent():
    """In a child process: leave when the measuring process is gone (a killed group aside, a
    child blocked on a semaphore or a queue would otherwise wait forever)."""
    parent = os.getppid()

    def poll():
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=poll, name="parent-watch", daemon=True).start()


def run_script(name, run, watch=True):
    """The main of a lab script: reads its settings (one JSON argument), says hello, watches its
    owner (unless the script does so itself), runs, and reports a failure as an error line;
    returns the exit code."""
    if len(sys.argv) != 2:
        sys.stderr.write("usage: %s SETTINGS_JSON\n" % name)
        return 2
    cfg = json.loads(sys.argv[1])
    emit({"type": "hello", "pid": os.getpid(), "version": "%d.%d.%d" % sys.version_info[:3]})
    if watch:
        watch_owner()
    try:
        run(cfg)
    except Exception as error:  # reported to the runner, which fails the run with it
        emit({"type": "error", "message": "%s: %s" % (type(error).__name__, error)})
        return 1
    return 0
