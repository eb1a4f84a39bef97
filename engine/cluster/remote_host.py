"""Inside a Dask worker: run ProcLab's own engine there, and reach it later.

``start_workers`` is the Dask task. It starts a ``Session`` (the same one a
local run uses: one process per worker, its Pipe, reaping, exit codes) for
the ProcLab workers placed on this Dask worker, and returns at once, so it
gives its thread slot back however long they run: any number of ProcLab
workers run at once on a single-thread Dask worker, and a task that has
already returned is never re-run elsewhere if this worker is lost. The
session sends its events, in batches, as this worker's events on the run's
topic (``Worker.log_event``), which the client subscribes to.

The other functions are called through ``Client.run`` on this worker's
event loop, so each returns at once: signal workers, answer a ping,
release a dead holder's lock, stop everything.

A session ends itself once its workers have ended (and its lock is not
left abandoned by one of them): a thread joins it, closes it and forgets it.
"""
from __future__ import annotations

import multiprocessing
import os
import socket
import sys
import threading
import time

import distributed

from engine.model.events import WorkerPlaced
from engine.model.spec import WorkerSpec
from engine.model.start_methods import default_start_method, make_context
from engine.run.session import Session

from . import event_codec
from .clock import RemoteClock
from .lock_relay import LockRelay

_runs: dict[str, "RemoteRun"] = {}
_runs_lock = threading.Lock()


def start_workers(run_id: str, topic: str, specs: list[dict], start_method: str | None,
                  offset_ns: int, submitted_ns: int, lock_name: str | None) -> dict:
    """The Dask task: start ``specs`` here; where they run (host, address, pid)."""
    worker = distributed.get_worker()
    _allow_children()
    remote = RemoteRun(worker, run_id, topic, [WorkerSpec(**spec) for spec in specs], start_method,
                       RemoteClock(offset_ns), submitted_ns, lock_name)
    with _runs_lock:
        if run_id in _runs:
            raise RuntimeError(f"run {run_id} already started on {worker.address}")
        _runs[run_id] = remote
    try:
        remote.start()
    except BaseException:
        with _runs_lock:
            _runs.pop(run_id, None)
        remote.close()
        raise
    return {"host": remote.host, "address": worker.address, "pid": os.getpid()}


def signal_workers(run_id: str, method: str, names: list[str]) -> list[str]:
    """``terminate`` or ``kill`` those of ``names`` that run here; who received it."""
    remote = _runs.get(run_id)
    if remote is None:
        return []
    mine = [name for name in names if name in remote.names]
    return remote.session.terminate(mine) if method == "terminate" else remote.session.kill(mine)


def pong(run_id: str, name: str, seq: int) -> bool:
    remote = _runs.get(run_id)
    return remote is not None and name in remote.names and remote.session.pong(name, seq)


def release_abandoned_lock(run_id: str) -> bool:
    """Release the lock a dead worker here held; False if none is abandoned here.

    On its own thread: giving the cluster's lock back is a call to the
    scheduler, which cannot be made from this worker's event loop (where
    ``Client.run`` calls this) and waited for there.
    """
    remote = _runs.get(run_id)
    if remote is None or remote.session.lock_abandoned_by is None:
        return False
    threading.Thread(target=remote.session.release_abandoned_lock, name="proclab-lock-release",
                     daemon=True).start()
    return True


def finish_run(run_id: str) -> bool:
    """The run is over for the client: end the session here even if its lock is still abandoned."""
    remote = _runs.get(run_id)
    if remote is not None:
        remote.finishing.set()
    return remote is not None


def clock_reading() -> int:
    """This machine's wall clock (for ``engine.cluster.clock.estimate``)."""
    return time.time_ns()


def running_runs() -> list[str]:
    """The runs whose sessions still live here (tests look that nothing is left)."""
    with _runs_lock:
        return list(_runs)


def _allow_children() -> None:
    """Let this Dask worker start processes of its own.

    A Nanny starts its worker as a daemonic process, and multiprocessing
    refuses children to those ("daemonic processes are not allowed to have
    children"). Under spawn and forkserver every child also re-runs the
    ``__main__`` of this worker (the ``dask`` command: 0.1 s a child):
    without a file it re-runs nothing.
    """
    multiprocessing.current_process()._config["daemon"] = False
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "__file__"):
        del main.__file__


class RemoteRun:
    """The ProcLab workers of one run on this Dask worker, and their session."""

    def __init__(self, worker, run_id: str, topic: str, specs: list[WorkerSpec], start_method: str | None,
                 clock: RemoteClock, submitted_ns: int, lock_name: str | None):
        self._worker = worker
        self._topic = topic
        self._clock = clock
        self._submitted_ns = submitted_ns
        self.run_id = run_id
        self.host = socket.gethostname()
        self.names = {spec.name for spec in specs}
        self._relay = None
        if lock_name is not None and any(spec.kind == "lock" for spec in specs):
            context = make_context(start_method or default_start_method())
            self._relay = LockRelay(context, lock_name)
        self.session = Session(specs, self._forward, start_method=start_method, auto_pong=False,
                               shared_lock=None if self._relay is None else self._relay.lock)
        self._specs = specs
        #: Set by the client's stop(): end even with the lock abandoned.
        self.finishing = threading.Event()

    def start(self) -> None:
        now = time.perf_counter_ns()
        queued_s = max(0.0, (self._clock.to_client_wall(now) - self._submitted_ns) / 1e9)
        self._forward([WorkerPlaced(spec.name, None, now, self.host, self._worker.address, queued_s)
                       for spec in self._specs])
        self.session.start()
        threading.Thread(target=self._close_when_ended, name="proclab-remote-run", daemon=True).start()

    def _forward(self, batch) -> None:
        """On the session's reader thread: the batch, as this worker's event on the run's topic."""
        wire = self._clock.to_client_wall
        self._worker.log_event(self._topic, [event_codec.encode(event, wire) for event in batch])

    def _close_when_ended(self) -> None:
        self.session.wait()  # not join(): its marks would show on the timeline as the user's
        # A worker that died holding the lock leaves it taken, here as on one machine: the
        # session (and its hold on the cluster's lock) lives on until ProcLab releases it
        # (release_abandoned_lock) or the client's run stops (finish_run).
        while self.session.lock_abandoned_by is not None and not self.finishing.wait(0.2):
            pass
        with _runs_lock:
            _runs.pop(self.run_id, None)
        self.close()

    def close(self) -> None:
        self.session.stop()
        if self._relay is not None:
            self._relay.close()
