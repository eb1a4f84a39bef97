"""``Process.run()`` instead of ``start()``: the lesson that run() starts nothing.

``InProcessRun`` builds a real ``multiprocessing.Process`` for one sleep
worker and calls its ``run()`` method, not ``start()``. ``run()`` simply calls
the target in the calling thread, so the work happens inside this very
process: the events carry this process's pid, ``Process.pid`` stays None and
``active_children()`` does not change. It calls ``run()`` on a helper thread
so a window stays responsive; it has the part of ``Session``'s interface the
window uses, so it is shown like any run.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from typing import Sequence

from engine.model.events import WorkerExited, WorkerLaunched, event_from_wire
from engine.model.run_contract import RunCapabilities, Subscriber
from engine.model.spec import WorkerSpec
from engine.worker.local_runner import run_here

from .session import WorkerStatus

#: The longest sleep the window runs inside itself (it cannot be stopped).
MAX_IN_PROCESS_SECONDS = 10.0


class InProcessRun:
    """One sleep worker through ``Process.run()`` in this very process (a ``Run``)."""

    start_method = "run() in this process"
    #: No process of its own: nothing to signal; its "status" is the thread's.
    capabilities = RunCapabilities(own_processes=False, can_signal=False, polls_processes=True,
                                   answers_pings=False, shared_lock=False)

    def __init__(self, spec: WorkerSpec, subscriber: Subscriber):
        if spec.kind != "sleep":
            raise ValueError(f"run() in ProcLab's own process takes a sleep worker, not {spec.kind}")
        if spec.interval > MAX_IN_PROCESS_SECONDS:
            raise ValueError(
                f"run() in ProcLab's own process cannot be stopped, so it takes at most "
                f"{MAX_IN_PROCESS_SECONDS:g} s; {spec.name} sleeps {spec.interval:g} s"
            )
        self.spec = spec
        self._subscriber = subscriber
        self.process = multiprocessing.Process(
            target=run_here, name=spec.name,
            args=(spec.name, spec.interval, self._send, None, "sleep"),
        )
        self._thread = threading.Thread(target=self._run, name="proclab-run-in-process", daemon=True)
        self._exitcode: int | None = None
        self.t0_ns: int | None = None
        #: ``len(active_children())`` just before ``run()`` was called.
        self.children_before: int | None = None

    @property
    def names(self) -> list[str]:
        return [self.spec.name]

    @property
    def started(self) -> bool:
        return self.t0_ns is not None

    def start(self, t0_ns: int | None = None) -> None:
        self.t0_ns = time.perf_counter_ns() if t0_ns is None else t0_ns
        self.children_before = len(multiprocessing.active_children())
        self._thread.start()

    def _send(self, message: tuple) -> None:
        self._subscriber([event_from_wire(self.spec.name, os.getpid(), message)])

    def _run(self) -> None:
        self._subscriber([WorkerLaunched(self.spec.name, os.getpid(), time.perf_counter_ns())])
        try:
            self.process.run()  # not start(): the target runs right here
            self._exitcode = 0
        except Exception:  # a sleep does not fail; report it like a process would
            self._exitcode = 1
        self._subscriber([WorkerExited(self.spec.name, os.getpid(), time.perf_counter_ns(), self._exitcode)])

    # -- what the window asks of a run --------------------------------------

    def statuses(self, block: bool = True) -> list[WorkerStatus]:
        alive = self._thread.is_alive()
        return [WorkerStatus(self.spec.name, os.getpid(), alive, None if alive else self._exitcode)]

    def active_children_count(self, block: bool = True) -> int:
        return len(multiprocessing.active_children())

    def join(self, names: Sequence[str] | None = None, timeout: float | None = None) -> list[str]:
        if self.started:
            self._thread.join(timeout)
        return self.names if self._thread.is_alive() else []

    def terminate(self, names: Sequence[str] | None = None) -> list[str]:
        return []  # there is no process to signal: the work runs inside ProcLab

    kill = terminate

    def all_ended(self) -> bool:
        return self.started and not self._thread.is_alive()

    def release_abandoned_lock(self) -> bool:
        return False

    def pong(self, name: str, seq: int) -> bool:
        return False

    def stop(self, grace: float = 1.0) -> None:
        """Wait at most ``grace`` seconds for the sleep to end, then return.

        A thread cannot be interrupted, so a sleep still going on after
        ``grace`` simply runs out (at most ``MAX_IN_PROCESS_SECONDS``); its
        thread is a daemon, so it never keeps the program from exiting.
        Waiting for it here could freeze a closing window for that long.
        """
        if self.started:
            self._thread.join(timeout=grace)
