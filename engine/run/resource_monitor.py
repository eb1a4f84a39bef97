"""CPU % and resident memory of live workers, polled with psutil.

psutil's ``cpu_percent()`` compares with the previous call on the same
``psutil.Process`` object, so the monitor keeps one object per pid between
polls (the first reading of a new object is always 0.0 and is not
reported). A pid that is gone is dropped quietly: workers end all the time.
"""
from __future__ import annotations

import time
from typing import Iterable

import psutil

from engine.model.events import ResourceSample


class ResourceMonitor:
    def __init__(self):
        self._processes: dict[int, psutil.Process] = {}

    def sample(self, workers: Iterable[tuple[str, int]]) -> list[ResourceSample]:
        """One sample per live ``(name, pid)`` that has a previous reading."""
        samples: list[ResourceSample] = []
        seen: set[int] = set()
        for name, pid in workers:
            seen.add(pid)
            process = self._processes.get(pid)
            try:
                if process is None:
                    process = self._processes[pid] = psutil.Process(pid)
                    process.cpu_percent()  # primes the counter; 0.0 means nothing yet
                    continue
                with process.oneshot():
                    cpu = process.cpu_percent()
                    rss = process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                self._processes.pop(pid, None)
                continue
            samples.append(ResourceSample(name, pid, time.perf_counter_ns(), cpu, rss))
        for pid in set(self._processes) - seen:
            del self._processes[pid]
        return samples
