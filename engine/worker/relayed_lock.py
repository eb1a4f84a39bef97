"""A lock whose holder is decided by another program, asked over a Pipe.

On a cluster the shared lock must hold across machines, so a worker cannot
simply take a ``multiprocessing.Lock``. Its session (in the Dask worker that
started it) keeps a ``distributed.Lock`` for the whole cluster and a relay
thread that takes and gives it back on the workers' behalf
(``engine.cluster.lock_relay``). A worker sees only this object: ``acquire()``
takes the session's local lock (so one worker at a time speaks to the relay),
asks the relay and waits for its answer; ``release()`` does the reverse.

Standard library only, like everything a worker imports. Each request
carries the worker's pid and each answer repeats it, so an answer meant for
a worker that died waiting is never taken by the next one.
"""
from __future__ import annotations

import os

ACQUIRE, RELEASE, GRANTED, RELEASED = "acquire", "release", "granted", "released"


class RelayedLock:
    """``acquire()`` / ``release()`` like a ``multiprocessing.Lock``, held cluster-wide."""

    def __init__(self, local_lock, conn, on_abandoned=None):
        """``local_lock``: a ``multiprocessing.Lock`` of the session; ``conn``: the
        worker's end of the relay's duplex Pipe; ``on_abandoned``: in the session
        only (never sent to a worker), what releases the cluster's lock for a
        worker that died holding it."""
        self._local = local_lock
        self._conn = conn
        self._on_abandoned = on_abandoned

    def __getstate__(self) -> dict:
        return {"_local": self._local, "_conn": self._conn, "_on_abandoned": None}

    def acquire(self) -> bool:
        self._local.acquire()
        self._ask(ACQUIRE, GRANTED)
        return True

    def release(self) -> None:
        if self._on_abandoned is not None:  # the session, for a worker that died holding it
            self._on_abandoned()
        else:
            self._ask(RELEASE, RELEASED)
        self._local.release()

    def _ask(self, request: str, answer: str) -> None:
        pid = os.getpid()
        self._conn.send((request, pid))
        while self._conn.recv() != (answer, pid):  # a late answer to a worker that died waiting
            pass

    def __enter__(self) -> "RelayedLock":
        self.acquire()
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()
