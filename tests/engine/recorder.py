"""A thread-safe subscriber that tests can wait on."""
from __future__ import annotations

import threading

from engine.model.events import Event


class Recorder:
    def __init__(self):
        self.events: list[Event] = []
        self._changed = threading.Condition()

    def __call__(self, batch: list[Event]) -> None:
        with self._changed:
            self.events.extend(batch)
            self._changed.notify_all()

    def wait_for(self, predicate, timeout: float = 15.0) -> list[Event]:
        with self._changed:
            assert self._changed.wait_for(lambda: predicate(self.events), timeout), (
                f"condition not met within {timeout} s; events: {self.events}"
            )
            return list(self.events)

    def happens_within(self, predicate, timeout: float) -> bool:
        """Whether ``predicate(events)`` becomes true within ``timeout`` seconds.

        For negative checks ("nothing acquires the lock for 0.5 s"): waits
        on the events, not a bare sleep, and returns at once if it happens.
        """
        with self._changed:
            return self._changed.wait_for(lambda: predicate(self.events), timeout)

    def wait_for_kind(self, kind: str, worker: str, timeout: float = 15.0) -> Event:
        events = self.wait_for(lambda evs: any(e.kind == kind and e.worker == worker for e in evs), timeout)
        return next(e for e in events if e.kind == kind and e.worker == worker)

    def of(self, worker: str) -> list[Event]:
        with self._changed:
            return [e for e in self.events if e.worker == worker]
