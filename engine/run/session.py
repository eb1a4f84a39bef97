"""A session: one run of an experiment's workers, from start to stop.

The session owns every ``Process``, each worker's ``WorkerChannel`` and the
shared ``Lock``. ``start()`` returns at once: a launcher thread starts the
workers one by one, and an ``EventReader`` thread waits on all pipes and all
process sentinels together, so a worker that dies without a word still
arrives as a ``WorkerExited`` event, after whatever it sent before dying.
Subscribers get events in batches, always from the reader thread.

If the reader thread fails, the session kills and reaps every worker
itself, tells the subscriber why, and ``failure`` says it: a run always
ends. Under forkserver, workers outlive a server that dies
(``engine/run/forkserver_loss.py``) and report their own exit codes.

Every touch of a ``Process`` object happens under one ``threading.Lock``:
``is_alive()``, ``join()`` and ``start()`` (which polls the other children)
read the forkserver's sentinel or call ``waitpid``, and two threads doing
that at once can lose an exit code.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from typing import Iterable, Sequence

from engine.model.events import (
    Event,
    JoinReturned,
    LockRecovered,
    OutputLine,
    PingReceived,
    WorkerExited,
    WorkerLaunched,
)
from engine.model.run_contract import RunCapabilities, Subscriber, select_named
from engine.model.run_record import START_ERROR_PREFIX
from engine.model.spec import WorkerSpec, validate_specs
from engine.model.start_methods import default_start_method, make_context

from . import forkserver_loss
from .cpu_calibration import worker_options
from .descriptor_limit import fit_descriptor_limit
from .event_reader import EventReader
from .shared_lock import SharedLockWatch
from .worker_slot import WorkerSlot, WorkerStatus, describe_start_error
from .worker_starter import WorkerStarter

#: How long ``stop()`` lets a worker handle SIGTERM before it sends SIGKILL.
DEFAULT_GRACE_SECONDS = 1.0


class Session:
    """Starts the given workers, reports their events, stops them (a ``Run``).

    ``subscriber`` is called from the reader thread with lists of events.
    Use as a context manager, or call ``stop()``: it leaves no process and
    no pipe behind.
    """

    capabilities = RunCapabilities(own_processes=True, can_signal=True, polls_processes=True,
                                   answers_pings=True, shared_lock=True)

    def __init__(
        self,
        specs: Iterable[WorkerSpec],
        subscriber: Subscriber | None = None,
        start_method: str | None = None,
        auto_pong: bool = True,
        shared_lock=None,
    ):
        """``auto_pong``: answer messages workers' pings on the reader thread.
        The window turns it off and answers from its own thread with ``pong()``,
        so the round trip measures the way to the GUI and back.
        ``shared_lock``: what lock workers share (default: a new
        ``multiprocessing.Lock``); a cluster run gives one that holds across
        machines (``engine.worker.relayed_lock``).
        """
        self.start_method = start_method or default_start_method()
        self._context = make_context(self.start_method)
        self._workers = {spec.name: WorkerSlot(spec) for spec in validate_specs(specs)}
        self._subscriber = subscriber or (lambda events: None)
        self._auto_pong = auto_pong
        self._guard = threading.Lock()
        self._changed = threading.Condition(self._guard)  # a worker was reaped, or launching ended
        self._reader: EventReader | None = None
        self._launcher: threading.Thread | None = None
        self._launching = False
        self._stopping = False
        self._closed = False
        self.shared_lock = self._context.Lock() if shared_lock is None else shared_lock
        self._lock_watch = SharedLockWatch(self.shared_lock)
        self._starter = WorkerStarter(self._context, self.start_method, self.shared_lock, self._guard)
        self.t0_ns: int | None = None
        #: Why the run ended early, if the engine itself failed (None: it did not).
        self.failure: str | None = None
        #: Said once before the start: the descriptor limit, if it had to change or cannot fit.
        self.descriptor_note: str | None = fit_descriptor_limit(len(self._workers))

    # -- lifecycle -----------------------------------------------------

    @property
    def names(self) -> list[str]:
        return list(self._workers)

    @property
    def started(self) -> bool:
        return self.t0_ns is not None

    def start(self, t0_ns: int | None = None) -> None:
        """Begin starting every worker, in order, and return at once.

        ``t0_ns`` (a ``perf_counter_ns()`` reading, default now) is the
        session's time zero, so a model can be built before events flow.
        """
        if self.started or self._closed:
            raise RuntimeError("this session has already started")
        t0_ns = time.perf_counter_ns() if t0_ns is None else t0_ns
        self._starter.begin()
        try:
            self._reader = EventReader(self._context, self._on_batch, self._reap, self._reader_failed)
            launcher = threading.Thread(target=self._launch_all, name="proclab-launcher", daemon=True)
            self._reader.start()
        except BaseException:  # e.g. no thread or pipe can be made: leave nothing behind
            if self._reader is not None:
                self._reader.close_unstarted()
            self._reader = None
            self._starter.close()
            raise
        try:
            self._launching = True
            launcher.start()
        except BaseException:
            self._launching = False
            self._reader.stop()
            self._reader = None
            self._starter.close()
            raise
        self._launcher, self.t0_ns = launcher, t0_ns

    def _launch_all(self) -> None:
        try:
            # Before any worker runs: cpu calibration times this machine's free core.
            options = {name: worker_options(worker.spec) for name, worker in self._workers.items()}
            for worker in self._workers.values():
                if self._stopping:
                    break
                try:
                    self._launch(worker, options[worker.spec.name])
                except Exception as error:  # e.g. out of processes or file descriptors
                    self._report_start_failure(worker, error)
        finally:
            with self._changed:
                self._launching = False
                self._changed.notify_all()

    def _launch(self, worker: WorkerSlot, options: dict) -> None:
        launched_ns = self._starter.start(worker, options)
        self._reader.register(worker, [WorkerLaunched(worker.spec.name, worker.pid, launched_ns)])

    def _report_start_failure(self, worker: WorkerSlot, error: Exception) -> None:
        """The worker ends before it began: say why, as events like any other."""
        message = START_ERROR_PREFIX + describe_start_error(error)
        with self._changed:
            worker.start_error = message
            self._changed.notify_all()
        now = time.perf_counter_ns()
        self._reader.register(None, [
            OutputLine(worker.spec.name, None, now, message, "stderr"),
            WorkerExited(worker.spec.name, None, now, None),
        ])

    def stop(self, grace: float = DEFAULT_GRACE_SECONDS) -> None:
        """Terminate, wait ``grace`` seconds, kill what is left; close everything."""
        if self._closed:
            return
        if self.started:  # start() sets its threads only once both run
            self._stopping = True
            self._launcher.join()
            self.terminate()
            if self._wait_ended(self._select(None), grace):
                self.kill()
                self._wait_ended(self._select(None), 5.0)
            self._reader.stop()
        for worker in self._workers.values():
            if worker.channel is not None:
                worker.channel.close()
            if worker.process is not None and not worker.reaped:
                # Only reached if a process outlived SIGKILL by seconds.
                worker.process.join(timeout=1.0)
        self._starter.close()
        self._closed = True

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- control -------------------------------------------------------

    def _select(self, names: Sequence[str] | None) -> list[WorkerSlot]:
        return select_named(self._workers, names)

    def _ended(self, worker: WorkerSlot) -> bool:
        """Reaped, failed to start, or never to be started."""
        return worker.reaped or worker.start_error is not None or (worker.process is None and not self._launching)

    def join(self, names: Sequence[str] | None = None, timeout: float | None = None) -> list[str]:
        """Wait until the named workers (default: all) have ended.

        Like ``Process.join(timeout)``: returns after ``timeout`` seconds at
        the latest, with the names of those not ended yet (empty: all ended).
        Workers not launched yet are waited for too.
        Each launched worker's ``JoinReturned`` event marks when the call returned.
        """
        selected = self._select(names)
        if not self.started:
            return []
        alive = self._wait_ended(selected, timeout)
        now = time.perf_counter_ns()
        marks = [JoinReturned(w.spec.name, w.pid, now, w.spec.name in alive) for w in selected if w.pid is not None]
        if marks:
            self._reader.register(None, marks)
        return alive

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every worker has ended, like ``join()`` but leaving no mark on the run
        (for an owner that waits on the user's behalf, such as a Dask worker's host); True if all ended."""
        return self.started and not self._wait_ended(self._select(None), timeout)

    def _wait_ended(self, selected: list[WorkerSlot], timeout: float | None) -> list[str]:
        with self._changed:
            self._changed.wait_for(lambda: all(self._ended(w) for w in selected), timeout)
            return [worker.spec.name for worker in selected if not self._ended(worker)]

    def terminate(self, names: Sequence[str] | None = None) -> list[str]:
        """Send SIGTERM (``Process.terminate()``); returns who received it."""
        return self._signal(names, "terminate")

    def kill(self, names: Sequence[str] | None = None) -> list[str]:
        """Send SIGKILL (``Process.kill()``); returns who received it."""
        return self._signal(names, "kill")

    def _signal(self, names: Sequence[str] | None, method: str) -> list[str]:
        sent = []
        with self._guard:
            for worker in self._select(names):
                if worker.process is None or worker.reaped:
                    continue
                if worker.orphaned:
                    signum = signal.SIGTERM if method == "terminate" else signal.SIGKILL
                    forkserver_loss.signal_orphan(worker.pid, signum)
                    sent.append(worker.spec.name)
                elif worker.process.is_alive():
                    getattr(worker.process, method)()
                    sent.append(worker.spec.name)
        return sent

    # -- the shared lock and the pipes back -----------------------------

    def pong(self, name: str, seq: int) -> bool:
        """Answer a messages worker's ping; False if it is gone."""
        channel = self._workers[name].channel
        return channel is not None and channel.pong(seq)

    @property
    def lock_holder(self) -> str | None:
        """The worker that, by its own reports, holds the shared lock now."""
        return self._lock_watch.holder

    @property
    def lock_abandoned_by(self) -> str | None:
        """A worker that exited holding the shared lock, until it is released."""
        return self._lock_watch.abandoned_by

    def release_abandoned_lock(self) -> bool:
        """Release the shared lock a dead worker held, so the waiting ones go on.

        Only when the lock is abandoned (False otherwise): releasing a lock
        a live worker holds would let two workers in at once.
        """
        holder = self._lock_watch.release_abandoned()
        if holder is None:
            return False
        self._reader.register(None, [LockRecovered(holder, None, time.perf_counter_ns())])
        return True

    def _on_batch(self, batch: list[Event]) -> None:
        """On the reader thread: follow the lock, answer pings, pass the batch on."""
        delivered: list[Event] = []
        for event in batch:
            delivered.append(event)
            if isinstance(event, PingReceived) and self._auto_pong:
                self.pong(event.worker, event.seq)
            news = self._lock_watch.follow(event)
            if news is not None:
                delivered.append(news)
        self._subscriber(delivered)

    # -- observation ---------------------------------------------------

    def statuses(self, block: bool = True) -> list[WorkerStatus] | None:
        """Polls each worker's ``pid``, ``is_alive()`` and ``exitcode``.

        With ``block=False`` returns None instead of waiting while a worker
        is being started or reaped: a GUI timer can simply try again.
        """
        if not self._guard.acquire(blocking=block):
            return None
        try:
            return [self._status(worker) for worker in self._workers.values()]
        finally:
            self._guard.release()

    def _status(self, worker: WorkerSlot) -> WorkerStatus:
        if worker.process is None:
            return WorkerStatus(worker.spec.name, None, False, None, worker.start_error)
        if worker.reaped:
            return WorkerStatus(worker.spec.name, worker.pid, False, worker.exitcode)
        if worker.orphaned:
            return WorkerStatus(worker.spec.name, worker.pid, True, None)
        alive = worker.process.is_alive()  # polls once; exitcode would poll again
        return WorkerStatus(worker.spec.name, worker.pid, alive, None if alive else worker.process.exitcode)

    def active_children_count(self, block: bool = True) -> int | None:
        """``len(multiprocessing.active_children())``, safely against the reader."""
        if not self._guard.acquire(blocking=block):
            return None
        try:
            return len(multiprocessing.active_children())
        finally:
            self._guard.release()

    def all_ended(self) -> bool:
        with self._guard:
            return self.started and all(self._ended(worker) for worker in self._workers.values())

    # -- called by the reader thread -----------------------------------

    def _reap(self, worker: WorkerSlot) -> WorkerExited | None:
        """The worker's sentinel fired (or, for an orphan, its pipe ended).

        None: it still runs, orphaned by its forkserver; the reader calls
        again when its pipe ends.
        """
        if worker.orphaned:
            exitcode = self._wait_exit(worker)
            with self._changed:
                return self._mark_reaped(worker, exitcode)
        with self._changed:
            # The sentinel is ready, so this returns at once; the timeout
            # covers the instant between the child closing its fds and
            # the kernel making its exit status available.
            worker.process.join(timeout=5.0)
            exitcode = worker.process.exitcode
            if exitcode == 255 and self.start_method == "forkserver" and forkserver_loss.lost_by_server(
                    worker.pid, worker.server_pid):
                worker.orphaned = True  # the server said nothing: the worker may well run on
                return None
            return self._mark_reaped(worker, exitcode)

    @staticmethod
    def _wait_exit(worker: WorkerSlot) -> int | None:
        """Its exit code once it has ended (an orphan of a lost forkserver: from waitpid)."""
        if worker.orphaned:
            return forkserver_loss.wait_orphan(worker.pid)
        worker.process.join(timeout=5.0)
        return worker.process.exitcode

    def _mark_reaped(self, worker: WorkerSlot, exitcode: int | None) -> WorkerExited:
        worker.exitcode = exitcode
        worker.reaped = True
        worker.channel.close()
        if worker.process.exitcode is not None:
            worker.process.close()  # frees the sentinel
        self._changed.notify_all()
        return WorkerExited(worker.spec.name, worker.pid, time.perf_counter_ns(), exitcode)

    def _reader_failed(self, error: BaseException) -> None:
        """On the dying reader thread: nothing reads the pipes any more, so end the run.

        Every worker still running is killed and reaped here, the subscriber
        is told why (as each worker's last words), and ``failure`` says it.
        """
        self.failure = f"the event reader stopped: {type(error).__name__}: {error}"
        self._stopping = True
        with self._changed:
            self._changed.wait_for(lambda: not self._launching)
            left = [w for w in self._workers.values() if w.process is not None and not w.reaped]
        self.kill([w.spec.name for w in left])
        batch: list[Event] = []
        for worker in left:
            exitcode = self._wait_exit(worker)
            now = time.perf_counter_ns()
            batch.append(OutputLine(worker.spec.name, worker.pid, now, f"proclab: {self.failure}", "stderr"))
            with self._changed:
                batch.append(self._mark_reaped(worker, exitcode))
        try:
            self._subscriber(batch)
        except BaseException:  # noqa: B036 - the subscriber may be what failed; failure says it all
            pass
