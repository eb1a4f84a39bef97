"""How much cpu work is one second's worth on this machine.

A cpu worker does a fixed amount of work, not "busy until the interval is
over": only fixed work shows that threads sharing one GIL take longer than
processes. The amount is calibrated once per process, by timing
``workloads.cpu_chunk`` here, and handed to each worker as ``units``.
"""
from __future__ import annotations

import time

from .workloads import cpu_chunk

#: How long calibration runs (once per process).
CALIBRATION_SECONDS = 0.15

_units_per_second: float | None = None


def units_per_second() -> float:
    global _units_per_second
    if _units_per_second is None:
        cpu_chunk()  # warm up
        count, begin = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - begin) < CALIBRATION_SECONDS:
            for _ in range(20):
                cpu_chunk()
            count += 20
        _units_per_second = count / elapsed
    return _units_per_second


def units_for(seconds: float) -> int:
    """Chunks of cpu work that take ``seconds`` on one free core (at least 1)."""
    return max(1, round(seconds * units_per_second()))
