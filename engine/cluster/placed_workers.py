"""What the client knows of each worker of a cluster run, kept from the events it hears.

There is no ``Process`` here to poll: where each worker runs, its pid,
whether it holds the lock and how it ended all come from its events (and
from the scheduler saying a Dask worker left). ``PlacedWorkers`` keeps
that under one condition, so ``join`` and ``stop`` wait on it and the
window's poll reads it.
"""
from __future__ import annotations

import threading
import time
from typing import Iterable, Sequence

from engine.model.events import (
    Event,
    LockAbandoned,
    LockAcquired,
    LockRecovered,
    LockReleased,
    OutputLine,
    WorkerExited,
    WorkerLaunched,
    WorkerLost,
    WorkerPlaced,
)
from engine.model.run_contract import select_named
from engine.model.run_record import START_ERROR_PREFIX
from engine.model.spec import WorkerSpec, validate_specs
from engine.run.worker_slot import WorkerStatus

#: Said for a lost worker that held the lock: what Dask does then
#: (distributed.scheduler.locks.lease-timeout's default).
LEASE_WORDS = ("it held the shared lock: Dask gives the lock to the next worker only when this "
               "worker's lease expires (distributed.scheduler.locks.lease-timeout, 30 s by default)")


class PlacedWorker:
    """One ProcLab worker on the cluster, as the client knows it."""

    def __init__(self, spec: WorkerSpec):
        self.spec = spec
        self.address: str | None = None  #: its Dask worker's
        self.host = ""
        self.pid: int | None = None
        self.exitcode: int | None = None
        self.ended = False  #: exited, lost, or never to be started (each said by an event first)
        self.start_error: str | None = None
        self.holds_lock = False
        self.lost: str | None = None


class PlacedWorkers:
    def __init__(self, specs: Iterable[WorkerSpec]):
        self._workers = {spec.name: PlacedWorker(spec) for spec in validate_specs(specs)}
        self.changed = threading.Condition()  #: notified when a worker is launched or ends
        #: A worker that exited holding the shared lock, until it is released.
        self.lock_abandoned_by: str | None = None

    def all(self) -> list[PlacedWorker]:
        return list(self._workers.values())

    def select(self, names: Sequence[str] | None) -> list[PlacedWorker]:
        return select_named(self._workers, names)

    def get(self, name: str) -> PlacedWorker:
        return self._workers[name]

    def place(self, dask_workers: list) -> dict[str, list[WorkerSpec]]:
        """Each worker on a Dask worker in turn (in address order): address -> its specs, none empty."""
        plan: dict[str, list[WorkerSpec]] = {w.address: [] for w in dask_workers}
        for index, placed in enumerate(self._workers.values()):
            target = dask_workers[index % len(dask_workers)]
            plan[target.address].append(placed.spec)
            placed.address, placed.host = target.address, target.host
        return {address: specs for address, specs in plan.items() if specs}

    # -- from events -------------------------------------------------------

    def follow(self, events: list[Event]) -> list[Event]:
        """Keep what statuses, join and the lock need from ``events``; returns them."""
        with self.changed:
            for event in events:
                placed = self._workers.get(event.worker)
                if placed is not None:
                    self._follow_one(placed, event)
        return events

    def _follow_one(self, placed: PlacedWorker, event: Event) -> None:
        if isinstance(event, WorkerLaunched):
            placed.pid = event.pid
            self.changed.notify_all()
        elif isinstance(event, WorkerPlaced):
            placed.host, placed.address = event.host, event.address
        elif isinstance(event, LockAcquired):
            placed.holds_lock = True
        elif isinstance(event, LockReleased):
            placed.holds_lock = False
        elif isinstance(event, LockAbandoned):
            self.lock_abandoned_by = event.worker
        elif isinstance(event, LockRecovered):
            self.lock_abandoned_by = None
        elif isinstance(event, (WorkerExited, WorkerLost)) and not placed.ended:
            placed.ended = True
            placed.holds_lock = False
            placed.exitcode = getattr(event, "exitcode", None)
            placed.lost = getattr(event, "reason", None)
            self.changed.notify_all()

    def lose(self, lost: list[PlacedWorker], reason: str) -> list[Event]:
        """``lost`` ended without a word (their Dask worker is gone): their events, followed."""
        now = time.perf_counter_ns()
        events: list[Event] = []
        for placed in lost:
            if placed.ended:
                continue
            name = placed.spec.name
            if placed.holds_lock:
                events.append(OutputLine(name, placed.pid, now, LEASE_WORDS, "stderr"))
            events.append(WorkerLost(name, placed.pid, now, reason))
        return self.follow(events)

    def unended_on(self, address: str) -> list[PlacedWorker]:
        with self.changed:
            return [p for p in self._workers.values() if p.address == address and not p.ended]

    def never_started(self, reason: str, address: str | None = None) -> list[Event]:
        """Workers whose process was never started (on ``address``, or anywhere): why, as events, followed."""
        now = time.perf_counter_ns()
        events: list[Event] = []
        with self.changed:
            for placed in self._workers.values():
                if placed.pid is None and not placed.ended and (address is None or placed.address == address):
                    placed.start_error = START_ERROR_PREFIX + reason
                    where = ([WorkerPlaced(placed.spec.name, None, now, placed.host, placed.address, 0.0)]
                             if placed.address else [])  # its row says where it was to run
                    events += [*where, OutputLine(placed.spec.name, None, now, placed.start_error, "stderr"),
                               WorkerExited(placed.spec.name, None, now, None)]
        return self.follow(events)

    # -- waiting and looking -------------------------------------------------

    def wait_ended(self, selected: list[PlacedWorker], timeout: float | None) -> list[str]:
        """Names of ``selected`` still not ended after at most ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: all(p.ended for p in selected), timeout)
            return [p.spec.name for p in selected if not p.ended]

    def wait_launched(self, timeout: float) -> None:
        """Until each worker is started (or has ended), at most ``timeout`` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: all(p.pid is not None or p.ended for p in self._workers.values()), timeout)

    def all_ended(self) -> bool:
        with self.changed:
            return all(p.ended for p in self._workers.values())

    def statuses(self) -> list[WorkerStatus]:
        """What the workers' own events said: pid, running or not, exit code, lost."""
        with self.changed:
            return [WorkerStatus(p.spec.name, p.pid, p.pid is not None and not p.ended, p.exitcode, p.start_error,
                                 p.lost) for p in self._workers.values()]

    @property
    def lock_holder(self) -> str | None:
        with self.changed:
            return next((p.spec.name for p in self._workers.values() if p.holds_lock), None)

    def placements(self) -> dict[str, tuple[str, str]]:
        """name -> (host, Dask worker address), for those placed so far."""
        with self.changed:
            return {name: (p.host, p.address) for name, p in self._workers.items() if p.address is not None}
