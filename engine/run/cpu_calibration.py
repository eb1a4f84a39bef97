"""How much cpu work is one second's worth on this machine.

A cpu worker does a fixed amount of work, not "busy until the interval is
over": only fixed work shows that threads sharing one GIL take longer than
processes. The amount is calibrated once per process, by timing
``workloads.cpu_chunk`` here, and handed to each worker as ``units``.
"""
from __future__ import annotations

import time

from engine.worker.workloads import cpu_chunk

#: Calibration: the best of this many bursts of this much CPU time (once per process).
CALIBRATION_BURSTS = 5
BURST_SECONDS = 0.03

_units_per_second: float | None = None


def units_per_second() -> float:
    """Chunks per second of this thread's own CPU time, the best of a few bursts.

    Timed with ``time.thread_time()``, not the wall clock: calibration runs
    on an engine thread of a process whose other threads (the GUI's) want
    the GIL too, and time spent waiting for it is not work.
    """
    global _units_per_second
    if _units_per_second is None:
        cpu_chunk()  # warm up
        best = 0.0
        for _ in range(CALIBRATION_BURSTS):
            count, begin = 0, time.thread_time()
            while (elapsed := time.thread_time() - begin) < BURST_SECONDS:
                for _ in range(10):
                    cpu_chunk()
                count += 10
            best = max(best, count / elapsed)
        _units_per_second = best
    return _units_per_second


def units_for(seconds: float) -> int:
    """Chunks of cpu work that take ``seconds`` on one free core (at least 1)."""
    return max(1, round(seconds * units_per_second()))


def worker_options(spec) -> dict:
    """The options a worker gets, whoever runs it (process, thread or run()).

    cpu work is a fixed number of calibrated units, not "busy until the
    interval is over", so threads and processes do the same work.
    """
    options = spec.options()
    if spec.kind == "cpu":
        options["units"] = units_for(spec.interval)
    return options
