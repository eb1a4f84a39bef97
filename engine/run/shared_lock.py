"""Who holds a session's shared ``Lock``, from each worker's own reports.

A ``multiprocessing.Lock`` has no owner: a worker that dies holding it
leaves it taken, and every later ``acquire()`` waits for ever. The session
follows each worker's "acquired" and "released" reports here, turns an
exit while holding into ``LockAbandoned``, and can release the lock for a
dead holder (``LockRecovered``), never for a live one.
"""
from __future__ import annotations

import threading

from engine.model.events import Event, LockAbandoned, LockAcquired, LockRecovered, LockReleased, WorkerExited

_FOLLOWED = (LockAcquired, LockReleased, WorkerExited)


class SharedLockWatch:
    def __init__(self, lock):
        self.lock = lock
        self._state = threading.Lock()  # never held while waiting for anything
        self._holding: dict[str, int] = {}  # worker -> when its reported hold began (t_ns)
        self._abandoned_at: int | None = None  # when the abandoned hold began
        self.abandoned_by: str | None = None  #: a holder that exited without releasing

    @property
    def holder(self) -> str | None:
        """The worker that, by its own reports, holds the lock now."""
        with self._state:
            return max(self._holding, key=self._holding.get, default=None)

    def follow(self, event: Event) -> LockAbandoned | LockRecovered | None:
        """Take any event into account (lock reports and exits count); the event it implies, if any.

        Each pipe keeps its worker's order, but the reader drains pipes one
        after the other, so B's "acquired" can be read before A's earlier
        "acquired, released". Holding is therefore kept per worker (with the
        time it began), never as one global "current holder" that a late
        report could overwrite.
        """
        if not isinstance(event, _FOLLOWED):  # most events: no lock taken on the reader's hot path
            return None
        with self._state:
            if isinstance(event, LockAcquired):
                self._holding[event.worker] = event.t_ns
                if self.abandoned_by is not None and event.t_ns > self._abandoned_at:
                    # Someone got the lock after the "abandoned" hold began: that
                    # holder released it after all, and died before it could say so.
                    former, self.abandoned_by, self._abandoned_at = self.abandoned_by, None, None
                    return LockRecovered(former, None, event.t_ns)
            elif isinstance(event, LockReleased):
                self._holding.pop(event.worker, None)
            elif event.worker in self._holding:  # exited while holding
                self._abandoned_at = self._holding.pop(event.worker)
                self.abandoned_by = event.worker
                return LockAbandoned(event.worker, event.pid, event.t_ns, event.exitcode)
        return None

    def release_abandoned(self) -> str | None:
        """Release the lock a dead worker held; its name, or None if none is abandoned.

        Releasing a lock a live worker holds would let two workers in at once.
        """
        with self._state:
            holder = self.abandoned_by
            if holder is None:
                return None
            try:
                self.lock.release()
            except ValueError:
                # "released too many times": the worker died after release()
                # but before it could say so; the lock is free already.
                pass
            self.abandoned_by = self._abandoned_at = None
        return holder
