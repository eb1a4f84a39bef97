"""Runs a workload in the calling thread of this process.

What a worker process does, minus the process: compare mode runs each
worker as a thread of ProcLab (``engine.run.thread_run``), and the ``run()``
lesson hands this as the target of a ``Process`` whose ``run()`` is called
instead of ``start()`` (``engine.run.in_process``). A worker process itself
runs ``engine.worker.worker_main.run_worker``, which redirects its stdout and
watches its parent; nothing here touches anything global.
"""
from __future__ import annotations

import time

from . import wire
from .workloads import WORKLOADS, WorkerTools


def run_here(name: str, interval: float, send, lock, kind: str = "sleep",
             options: dict | None = None, ping=None) -> None:
    """Run ``kind``'s workload here, sending its wire messages to ``send``.

    Printed lines go to ``send`` as stdout output messages, not to
    ``sys.stdout``; ``lock`` is the lock kind's shared lock and ``ping``
    (messages kind) times a round trip. An unregistered kind raises
    ``KeyError`` before anything is sent.
    """
    workload = WORKLOADS[kind]  # registered kinds only: nothing is imported by name

    def say(text: str) -> None:
        send((wire.OUTPUT, time.perf_counter_ns(), text, "stdout"))

    send((wire.START, time.perf_counter_ns()))
    workload(name, interval, WorkerTools(say, send, lock, options or {}, ping))
    send((wire.END, time.perf_counter_ns()))
