"""In a Dask worker: the shared lock, held across the cluster for its lock workers.

The lock workers of one Dask worker share a ``RelayedLock``
(``engine.worker.relayed_lock``): they queue on a local
``multiprocessing.Lock``, and the one that got it asks this relay, over a
duplex Pipe, for the cluster's ``distributed.Lock`` (one per run, named
after it). The relay's thread takes that lock on the worker's behalf and
answers, so workers on different machines never hold it at the same time.

A worker that dies holding the lock: its session calls ``release()`` here
(``release_abandoned_lock``). A whole Dask worker that dies holding it:
nobody can release it; the scheduler gives the lock to the next asker once
the dead worker's lease has expired (``distributed.scheduler.locks.lease-timeout``,
30 s by default, checked every ``lease-validation-interval``).
"""
from __future__ import annotations

import threading

import distributed

from engine.worker.relayed_lock import ACQUIRE, GRANTED, RELEASE, RELEASED, RelayedLock

_STOP = "stop"
#: How often a relay waiting for the cluster's lock looks whether it should stop.
_WAIT_STEP_SECONDS = 0.5


class LockRelay:
    def __init__(self, context, name: str):
        """Made in the Dask task's thread: ``distributed.Lock`` finds its scheduler from there."""
        self._conn, child_end = context.Pipe(duplex=True)
        self._child_end = child_end
        self._cluster_lock = distributed.Lock(name)
        self._held = False
        self._held_lock = threading.Lock()  # around _held and the cluster lock's release
        self._stopping = threading.Event()
        #: What the session gives its lock workers.
        self.lock = RelayedLock(context.Lock(), child_end, on_abandoned=self._release_for_the_dead)
        self._thread = threading.Thread(target=self._serve, name="proclab-lock-relay", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                request, pid = self._conn.recv()
            except (EOFError, OSError):
                return
            if request == _STOP:
                return
            if request == ACQUIRE:
                if not self._take():
                    return
                answer = GRANTED
            else:
                assert request == RELEASE, request
                self._give_back()
                answer = RELEASED
            try:
                self._conn.send((answer, pid))
            except OSError:
                return

    def _take(self) -> bool:
        while not self._stopping.is_set():
            if self._cluster_lock.acquire(timeout=_WAIT_STEP_SECONDS):
                with self._held_lock:
                    self._held = True
                return True
        return False

    def _give_back(self) -> None:
        with self._held_lock:
            if self._held:
                self._held = False
                self._cluster_lock.release()

    def _release_for_the_dead(self) -> None:
        self._give_back()

    def close(self) -> None:
        """Once the session's workers have all ended: give the lock back, end the thread."""
        self._stopping.set()
        try:
            self._child_end.send((_STOP, 0))
        except OSError:
            pass
        self._thread.join(timeout=5.0)
        self._give_back()
        self._conn.close()
        self._child_end.close()
