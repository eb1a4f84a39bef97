"""The one bridge between the engine and Qt: engine events in, signals out."""
from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QObject, Qt, Signal

from engine import PingReceived, RunRecord, Session, WorkerSpec, WorkerStatus
from engine.model.run_contract import Run
from engine.model.start_methods import default_start_method
from engine.run.in_process import InProcessRun
from engine.run.resource_monitor import ResourceMonitor
from engine.watch.watched_run import WatchedRun


class EngineBridge(QObject):
    """Owns the current ``engine.Session`` and its ``RunRecord`` for the window.

    The session's reader thread hands over events in batches. The bridge
    applies each batch to ``record`` right there, so the model is current
    even while the GUI thread paints, then re-emits the batch as
    ``eventsArrived``, which Qt queues to the GUI thread for the views.
    Views that read several fields of the record hold ``record.lock``.
    Blocking calls (join with a timeout) run on a helper thread and report
    back through ``joinFinished``. Pings from messages workers are answered
    here, on the GUI thread, so their round trip includes the way to the GUI.
    The current run is an ``engine.Session``, an ``InProcessRun`` (one
    worker through ``Process.run()`` inside this process), a ``WatchedRun``
    (any Python script, one row per process it starts, the rows added as
    its events arrive) or a ``ClusterRun`` (the workers on a Dask cluster).
    """

    sessionStarted = Signal(object)  # the new RunRecord
    eventsArrived = Signal(list)  # list[engine.Event], in arrival order, already in record
    joinFinished = Signal(list, float, list)  # joined names, timeout, names still alive
    stopFinished = Signal()  # stop() of the whole run returned: every process of it is gone
    resourcesSampled = Signal()  # CPU % and memory samples went into the record
    # From the reader thread, queued to the GUI thread: "batches are waiting".
    _batchArrived = Signal()

    def __init__(self, start_method: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._start_method = start_method or default_start_method()
        self._session: Run | None = None
        self.record: RunRecord | None = None
        self.watched_script: Path | None = None  # the script the current run watches; None: no script
        self._stopper: threading.Thread | None = None  # a request_stop() under way
        self._monitor = ResourceMonitor()
        self._sampling = threading.Lock()  # held while a sample is taken off the GUI thread
        # Batches the reader delivered that the GUI thread has not taken yet,
        # each with its session, so one still waiting when its session was
        # replaced is dropped, not shown. One signal is queued for all of
        # them: at 1,000 events/s the GUI thread wakes once per turn of its
        # event loop, not once per event, and holds the GIL that much less.
        self._waiting: list = []
        self._waiting_lock = threading.Lock()
        self._batchArrived.connect(self._on_batches, Qt.QueuedConnection)

    @property
    def session(self) -> Run | None:
        return self._session

    @property
    def start_method(self) -> str:
        return self._start_method

    def set_start_method(self, method: str) -> None:
        """Used from the next Start on."""
        self._start_method = method

    def start(self, specs: Sequence[WorkerSpec]) -> None:
        """Start a new session; the previous one must have ended."""
        self._begin(specs, lambda deliver: Session(specs, deliver, start_method=self._start_method,
                                                   auto_pong=False))

    def start_on_cluster(self, specs: Sequence[WorkerSpec], connection) -> None:
        """Start a new run of ``specs`` on the cluster ``connection`` reaches (``engine.cluster``)."""
        from engine.cluster.cluster_run import ClusterRun  # Dask is loaded only for a cluster

        self._begin(specs, lambda deliver: ClusterRun(specs, deliver, connection, start_method=self._start_method,
                                                      auto_pong=False))

    def start_in_process(self, spec: WorkerSpec) -> None:
        """Run one sleep worker through ``Process.run()`` inside this process."""
        self._begin([spec], lambda deliver: InProcessRun(spec, deliver))

    def start_watch(self, script: Path, args: Sequence[str] = (), *, python: str | None = None,
                    start_method: str | None = None, max_processes: int = 500) -> None:
        """Run ``script`` as ``python script args`` would, in its own folder, and watch every process it starts.

        ``start_method`` is imposed only where the script chooses none
        (None: the interpreter's default). Its rows come with its events.
        """
        script = Path(script)
        self._begin([], lambda deliver: WatchedRun(script, args, deliver, python=python, start_method=start_method,
                                                   max_processes=max_processes, cwd=script.resolve().parent),
                    watched_script=script)

    @property
    def watching(self) -> bool:
        """The current run is a watched script's."""
        return self.watched_script is not None

    def _begin(self, specs: Sequence[WorkerSpec], make_run, watched_script: Path | None = None) -> None:
        if self.any_alive():
            raise RuntimeError("workers of the previous run are still alive")
        self.close_session()
        self._monitor = ResourceMonitor()  # a sample of the last run may still be using the old one
        t0_ns = time.perf_counter_ns()
        record = None
        session = make_run(lambda batch: self._deliver(session, record, batch))
        # The run's own order: a cluster run's rows are grouped by the Dask worker each is placed on.
        record = RunRecord.for_names(t0_ns, session.names if specs else [])
        session.start(t0_ns)  # raises before anything runs, or the session is live
        self._session, self.record, self.watched_script = session, record, watched_script
        # Batches reach the views queued, so this slot runs before any of them.
        self.sessionStarted.emit(record)

    def _deliver(self, session: Session, record: RunRecord, batch: list) -> None:
        """On the reader thread: into the model at once, then on to the views."""
        record.apply(batch)
        with self._waiting_lock:
            self._waiting.append((session, batch))
            if len(self._waiting) > 1:
                return  # the signal for the first one is still queued
        try:
            self._batchArrived.emit()
        except RuntimeError:  # the window is gone; the session is being stopped
            pass

    def has_waiting_batches(self) -> bool:
        """Events the run delivered that have not reached the views yet."""
        with self._waiting_lock:
            return bool(self._waiting)

    def _on_batches(self) -> None:
        with self._waiting_lock:
            waiting, self._waiting = self._waiting, []
        session = self._session
        events = [event for owner, batch in waiting if owner is session for event in batch]
        if not events:
            return
        for event in events:
            if isinstance(event, PingReceived):
                session.pong(event.worker, event.seq)
        self.eventsArrived.emit(events)

    def request_resource_sample(self) -> bool:
        """CPU % and memory of the live workers into the record, on a helper
        thread; ends in ``resourcesSampled``.

        psutil reads /proc for every live worker: 27 ms with 500 of them,
        too long for the GUI thread. False (and nothing done) while the
        previous sample is still being taken, or when there is nothing to sample.
        """
        record, monitor = self.record, self._monitor
        if record is None or self._session is None or not self._session.capabilities.own_processes \
                or not self._session.capabilities.on_this_machine:
            return False
        if not self._sampling.acquire(blocking=False):
            return False

        def sample() -> None:
            try:
                _sample_into(record, monitor)
            finally:
                self._sampling.release()
            try:
                self.resourcesSampled.emit()
            except RuntimeError:  # the window is gone
                pass

        threading.Thread(target=sample, name="proclab-resources", daemon=True).start()
        return True

    def release_abandoned_lock(self) -> bool:
        return self._session is not None and self._session.release_abandoned_lock()

    def statuses(self, block: bool = True) -> list[WorkerStatus] | None:
        """None (with ``block=False``) while the engine is busy starting a worker."""
        return self._session.statuses(block) if self._session else []

    def active_children_count(self, block: bool = True) -> int | None:
        return self._session.active_children_count(block) if self._session else 0

    def any_alive(self) -> bool:
        return any(status.alive for status in self.statuses())

    def request_join(self, names: Sequence[str] | None, timeout: float) -> None:
        """``join(timeout)`` without freezing the window; ends in ``joinFinished``."""
        session = self._session
        if session is None:
            return
        joined = list(names) if names is not None else session.names

        def join() -> None:
            still_alive = session.join(joined, timeout)
            try:
                self.joinFinished.emit(joined, timeout, still_alive)
            except RuntimeError:  # the window closed while join() waited
                pass

        threading.Thread(target=join, name="proclab-join", daemon=True).start()

    def terminate(self, names: Sequence[str] | None = None) -> list[str]:
        return self._session.terminate(names) if self._session else []

    def kill(self, names: Sequence[str] | None = None) -> list[str]:
        return self._session.kill(names) if self._session else []

    def request_stop(self, grace: float = 1.0) -> None:
        """End the whole run (SIGTERM, ``grace`` seconds, SIGKILL) without freezing the window; ends in
        ``stopFinished``. The run's exits arrive as events meanwhile."""
        session = self._session
        if session is None:
            return

        def stop() -> None:
            session.stop(grace)
            try:
                self.stopFinished.emit()
            except RuntimeError:  # the window is gone
                pass

        self._stopper = threading.Thread(target=stop, name="proclab-stop", daemon=True)
        self._stopper.start()

    def close_session(self, grace: float = 1.0) -> None:
        """Stop whatever still runs (terminate, grace, kill) and close all pipes."""
        if self._stopper is not None:  # one stop() at a time
            self._stopper.join()
            self._stopper = None
        if self._session is not None:
            self._session.stop(grace)
            self._session = None
            self.watched_script = None


def _sample_into(record: RunRecord, monitor: ResourceMonitor) -> list:
    with record.lock:
        live = [(run.name, run.pid) for run in record.workers.values()
                if run.pid is not None and run.exit_s is None]
    samples = monitor.sample(live)
    record.apply(samples)
    return samples
