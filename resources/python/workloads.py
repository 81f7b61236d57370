"""Concurrency Lab: the workloads of the Python models and their checksum (standard library only).

Task i's result depends only on i and the settings, so every model reaches the same checksum.
This mirrors src/core/experiments/workloads.ts exactly: keep the two in step.
"""

import asyncio
import os
import signal
import socket
import sys
import time

MODULUS = 1_000_000_007
CPU_RANGE_BASE = 100_000
CPU_RANGE_COUNT = 16
CRASH_EXIT_CODE = 70


def is_prime(n):
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    d = 3
    while d * d <= n:
        if n % d == 0:
            return False
        d += 2
    return True


def count_primes_for_task(index, cpu_size):
    start = CPU_RANGE_BASE + (index % CPU_RANGE_COUNT) * cpu_size
    count = 0
    for n in range(start, start + cpu_size):
        if is_prime(n):
            count += 1
    return count


def io_value(index):
    return (index * 31 + 7) % 1009


def file_path(cfg, index):
    return os.path.join(cfg["fileDir"], "data-%02d.bin" % (index % cfg["fileCount"]))


def read_file_sum(path):
    with open(path, "rb") as handle:
        return sum(handle.read()) % MODULUS


def echo_request(port, index):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"%d\n" % index)
        received = b""
        while b"\n" not in received:
            chunk = sock.recv(64)
            if not chunk:
                raise RuntimeError("echo server closed the connection early")
            received += chunk
    return io_value(int(received.split(b"\n")[0]))


async def echo_request_async(port, index):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"%d\n" % index)
    line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return io_value(int(line))


def sleep_blocking(seconds):
    """A wait that holds the thread: under gevent the unpatched time.sleep, so the hub stalls."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("time"):
        monkey.get_original("time", "sleep")(seconds)
    else:
        time.sleep(seconds)


def crash_if_asked(cfg, index, in_pool_process=False):
    if cfg.get("crashAtTask") != index:
        return
    if in_pool_process:
        os.kill(os.getpid(), signal.SIGKILL)
    os._exit(CRASH_EXIT_CODE)


def run_task(cfg, index, in_pool_process=False):
    """Task `index`, blocking (sequential, threads, processes)."""
    crash_if_asked(cfg, index, in_pool_process)
    workload = cfg["workload"]
    if workload in ("cpu", "event", "condition"):
        # event, condition: the wait is the model's, once per thread; the task is CPU work.
        return count_primes_for_task(index, cfg["cpuSize"])
    if workload == "timer":
        time.sleep(cfg["latencyMs"] / 1000)
        return io_value(index)
    if workload == "file":
        return read_file_sum(file_path(cfg, index))
    if workload == "echo":
        return echo_request(cfg["echoPort"], index)
    if workload == "blocking":
        sleep_blocking(cfg["latencyMs"] / 1000)
        return io_value(index)
    primes = count_primes_for_task(index, cfg["cpuSize"])
    time.sleep(cfg["latencyMs"] / 1000)
    return (primes + io_value(index)) % MODULUS


async def run_task_async(cfg, index):
    """Task `index` as a coroutine; CPU work still blocks the event loop (that is the lesson)."""
    crash_if_asked(cfg, index)
    workload = cfg["workload"]
    if workload == "cpu":
        return count_primes_for_task(index, cfg["cpuSize"])
    if workload == "timer":
        await asyncio.sleep(cfg["latencyMs"] / 1000)
        return io_value(index)
    if workload == "file":
        # No async file API: the read goes to the default executor, like Node's libuv pool.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, read_file_sum, file_path(cfg, index))
    if workload == "echo":
        return await echo_request_async(cfg["echoPort"], index)
    if workload == "blocking":
        # The lesson's mistake on purpose: no await, so the whole loop waits with this task.
        sleep_blocking(cfg["latencyMs"] / 1000)
        return io_value(index)
    primes = count_primes_for_task(index, cfg["cpuSize"])
    await asyncio.sleep(cfg["latencyMs"] / 1000)
    return (primes + io_value(index)) % MODULUS


def combine(checksum, index, result):
    return (checksum + ((index + 1) % MODULUS) * result) % MODULUS
