"""The registered workloads: what a worker does between start and end.

Stdlib only, like ``engine.worker.worker_main`` (a spawned worker imports this).
A worker runs ``WORKLOADS[kind]``: a plain dict lookup, so a kind that is
not registered here cannot run and nothing is ever imported by name.

Each workload gets the worker's name, its interval and a ``WorkerTools``:
how to print, how to send a message to the engine, the shared lock and the
kind's options. The same workloads run in a child process, in a thread
(compare mode) and in ProcLab's own process (``run()``).
"""
from __future__ import annotations

import os
import time

from . import wire

#: Integers squared and summed per unit of cpu work (about 0.3 ms of Python).
CPU_CHUNK = 2_000
#: How long a messages worker waits for its pong.
PONG_TIMEOUT_SECONDS = 5.0


class WorkerTools:
    """What a workload may use; built by whoever runs it."""

    def __init__(self, say, send, lock, options, ping=None):
        self.say = say  # say(text): one line of output
        self.send = send  # send(tuple): one wire message
        self.lock = lock
        self.options = options
        self.ping = ping  # ping(seq) -> rtt_ns or None; None: no round trip possible


def now() -> int:
    return time.perf_counter_ns()


def sleep_workload(name: str, interval: float, tools: WorkerTools) -> None:
    """The reference worker: announce, sleep ``interval`` seconds, announce."""
    tools.say(f"work {name} start")
    time.sleep(interval)
    tools.say(f"work {name} end")


def cpu_chunk() -> int:
    """One unit of cpu work: pure-Python arithmetic that holds the GIL."""
    total = 0
    for i in range(CPU_CHUNK):
        total += i * i
    return total


def cpu_workload(name: str, interval: float, tools: WorkerTools) -> None:
    """``units`` chunks: the interval's worth of work on one free core."""
    units = tools.options.get("units", 1)
    tools.say(f"work {name} start")
    for _ in range(units):
        cpu_chunk()
    tools.say(f"work {name} end")


def lock_workload(name: str, interval: float, tools: WorkerTools) -> None:
    """Wait for the shared lock, hold it ``interval`` seconds, release it.

    The hold is reported from just after ``acquire()`` returned to just
    before ``release()``, so two reported holds can never overlap.
    """
    tools.say(f"work {name} start")
    tools.send((wire.LOCK_WAIT, now()))
    tools.lock.acquire()
    tools.send((wire.LOCK_ACQUIRED, now()))
    time.sleep(interval)
    released_ns = now()
    tools.lock.release()
    tools.send((wire.LOCK_RELEASED, released_ns))
    tools.say(f"work {name} end")


def messages_workload(name: str, interval: float, tools: WorkerTools) -> None:
    """Send ``messages`` messages evenly over ``interval``, then ping."""
    count = tools.options.get("messages", 1)
    tools.say(f"work {name} start")
    begin = time.perf_counter()
    for index in range(1, count + 1):
        delay = begin + interval * index / count - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        tools.send((wire.MESSAGE, now(), index, count))
    if tools.ping is not None:
        rtt_ns = tools.ping(1)
        tools.send((wire.ROUND_TRIP, now(), 1, rtt_ns))
        shown = "no answer" if rtt_ns is None else f"{rtt_ns / 1e6:.3f} ms"
        tools.say(f"ping/pong round trip: {shown}")
    tools.say(f"work {name} end")


def crash_workload(name: str, interval: float, tools: WorkerTools) -> None:
    """After ``interval``, fail the way ``crash`` says."""
    crash = tools.options.get("crash", "exception")
    status = tools.options.get("exit_status", 3)
    tools.say(f"work {name} start")
    time.sleep(interval)
    tools.say(f"work {name} crashes: {crash}")
    if crash == "sys.exit":
        raise SystemExit(status)
    if crash == "os._exit":
        os._exit(status)
    if crash == "sigkill":
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    if crash == "segfault":
        import ctypes
        import faulthandler

        # A child may have inherited faulthandler (from pytest, PYTHONFAULTHANDLER
        # or -X dev): it would print "Fatal Python error" and a traceback to
        # the terminal. The crash is on purpose; SIGSEGV still ends it (-11).
        faulthandler.disable()
        ctypes.string_at(0)
    raise RuntimeError(f"{name} crashed on purpose after {interval:g} s")


def stubborn_workload(name: str, interval: float, tools: WorkerTools) -> None:
    """Ignore SIGTERM, then sleep: ``terminate()`` asks, ``kill()`` forces."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    tools.say(f"work {name} start (ignoring SIGTERM)")
    time.sleep(interval)
    tools.say(f"work {name} end")


WORKLOADS = {
    "sleep": sleep_workload,
    "cpu": cpu_workload,
    "lock": lock_workload,
    "messages": messages_workload,
    "crash": crash_workload,
    "stubborn": stubborn_workload,
}
