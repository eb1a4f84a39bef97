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
from dataclasses import dataclass
from typing import Iterable, Sequence

from engine.model.events import (
    Event,
    JoinReturned,
    LockAbandoned,
    LockAcquired,
    LockRecovered,
    LockReleased,
    OutputLine,
    PingReceived,
    WorkerExited,
    WorkerLaunched,
)
from engine.model.exit_codes import WorkerState, state_for_exitcode
from engine.model.run_contract import RunCapabilities, Subscriber
from engine.model.run_record import START_ERROR_PREFIX
from engine.model.spec import WorkerSpec, validate_specs
from engine.model.start_methods import default_start_method, make_context, process_class
from engine.worker.worker_main import run_worker

from . import forkserver_loss
from .channel import WorkerChannel
from .cpu_calibration import worker_options
from .descriptor_limit import fit_descriptor_limit
from .event_reader import EventReader

#: How long ``stop()`` lets a worker handle SIGTERM before it sends SIGKILL.
DEFAULT_GRACE_SECONDS = 1.0


@dataclass(frozen=True)
class WorkerStatus:
    """What polling a worker's ``Process`` says right now."""

    name: str
    pid: int | None
    alive: bool
    exitcode: int | None
    start_error: str | None = None  #: why the process could not be started

    @property
    def state(self) -> WorkerState:
        if self.start_error is not None:
            return WorkerState.FAILED
        if self.pid is None:
            return WorkerState.NOT_STARTED
        if self.alive or self.exitcode is None:
            return WorkerState.RUNNING
        return state_for_exitcode(self.exitcode)


class _Worker:
    """The engine's private record of one worker."""

    def __init__(self, spec: WorkerSpec):
        self.spec = spec
        self.process = None
        self.channel: WorkerChannel | None = None
        self.pid: int | None = None
        self.exitcode: int | None = None
        self.reaped = False
        self.start_error: str | None = None
        self.server_pid: int | None = None  #: the forkserver that started it
        self.orphaned = False  #: that forkserver died while this worker ran


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
    ):
        """``auto_pong``: answer messages workers' pings on the reader thread.
        The window turns it off and answers from its own thread with ``pong()``,
        so the round trip measures the way to the GUI and back.
        """
        self.start_method = start_method or default_start_method()
        self._context = make_context(self.start_method)
        self._process_class = process_class(self._context)
        self._workers = {spec.name: _Worker(spec) for spec in validate_specs(specs)}
        self._subscriber = subscriber or (lambda events: None)
        self._auto_pong = auto_pong
        self._lock_state = threading.Lock()  # never held while waiting for anything
        self._holding: dict[str, int] = {}  # worker -> when its reported hold began (t_ns)
        self._abandoned_at: int | None = None  # when the abandoned hold began
        self.lock_abandoned_by: str | None = None  #: a holder that exited without releasing
        self._guard = threading.Lock()
        self._changed = threading.Condition(self._guard)  # a worker was reaped, or launching ended
        self._reader: EventReader | None = None
        self._launcher: threading.Thread | None = None
        self._launching = False
        self._stopping = False
        self._closed = False
        self.shared_lock = self._context.Lock()
        self.t0_ns: int | None = None
        #: Why the run ended early, if the engine itself failed (None: it did not).
        self.failure: str | None = None
        #: Said once before the start: the descriptor limit, if it had to change or cannot fit.
        self.descriptor_note: str | None = fit_descriptor_limit(len(self._workers))
        self._lifelines = forkserver_loss.Lifelines()
        self._subreaper = False

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
        if self.start_method == "forkserver":
            self._subreaper = forkserver_loss.become_subreaper()
        try:
            self._reader = EventReader(self._context, self._on_batch, self._reap, self._reader_failed)
            launcher = threading.Thread(target=self._launch_all, name="proclab-launcher", daemon=True)
            self._reader.start()
        except BaseException:  # e.g. no thread or pipe can be made: leave nothing behind
            if self._reader is not None:
                self._reader.close_unstarted()
            self._reader = None
            self._end_subreaper()
            raise
        try:
            self._launching = True
            launcher.start()
        except BaseException:
            self._launching = False
            self._reader.stop()
            self._reader = None
            self._end_subreaper()
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

    def _launch(self, worker: _Worker, options: dict) -> None:
        spec = worker.spec
        channel = WorkerChannel(self._context, replies=spec.kind == "messages")
        try:
            writer, reply_reader = channel.child_ends()
            # Only lock workers get the Lock: unpickling one imports
            # multiprocessing.synchronize, and with it tempfile (3.6 ms a spawn worker).
            lock = self.shared_lock if spec.kind == "lock" else None
            process = self._process_class(
                target=run_worker,
                args=(spec.name, spec.interval, writer, lock, spec.kind, options, reply_reader),
                name=worker.spec.name,
                daemon=True,
            )
            with self._guard:
                launched_ns = time.perf_counter_ns()
                process.start()
                channel.release_child_end()
                worker.process, worker.channel, worker.pid = process, channel, process.pid
                if self.start_method == "forkserver":
                    worker.server_pid = forkserver_loss.current_server()[0]
                    self._lifelines.hold_current()
        except BaseException:
            channel.close()
            raise
        self._reader.register(worker, [WorkerLaunched(worker.spec.name, process.pid, launched_ns)])

    def _report_start_failure(self, worker: _Worker, error: Exception) -> None:
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
        self._lifelines.close()
        self._end_subreaper()
        self._closed = True

    def _end_subreaper(self) -> None:
        if self._subreaper:
            self._subreaper = False
            forkserver_loss.stop_subreaper()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- control -------------------------------------------------------

    def _select(self, names: Sequence[str] | None) -> list[_Worker]:
        if names is None:
            return list(self._workers.values())
        unknown = [name for name in names if name not in self._workers]
        if unknown:
            raise KeyError(f"no worker named {', '.join(map(repr, unknown))}")
        return [self._workers[name] for name in names]

    def _ended(self, worker: _Worker) -> bool:
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

    def _wait_ended(self, selected: list[_Worker], timeout: float | None) -> list[str]:
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
        with self._lock_state:
            return max(self._holding, key=self._holding.get, default=None)

    def release_abandoned_lock(self) -> bool:
        """Release the shared lock a dead worker held, so the waiting ones go on.

        Only when the lock is abandoned (False otherwise): releasing a lock
        a live worker holds would let two workers in at once.
        """
        with self._lock_state:
            holder = self.lock_abandoned_by
            if holder is None:
                return False
            try:
                self.shared_lock.release()
            except ValueError:
                # "released too many times": the worker died after release()
                # but before it could say so; the lock is free already.
                pass
            self.lock_abandoned_by = self._abandoned_at = None
        self._reader.register(None, [LockRecovered(holder, None, time.perf_counter_ns())])
        return True

    def _on_batch(self, batch: list[Event]) -> None:
        """On the reader thread: follow the lock, answer pings, pass the batch on."""
        delivered: list[Event] = []
        for event in batch:
            delivered.append(event)
            if isinstance(event, PingReceived) and self._auto_pong:
                self.pong(event.worker, event.seq)
            elif isinstance(event, (LockAcquired, LockReleased, WorkerExited)):
                news = self._follow_lock(event)
                if news is not None:
                    delivered.append(news)
        self._subscriber(delivered)

    def _follow_lock(self, event: Event) -> LockAbandoned | LockRecovered | None:
        """Who holds the lock, from each worker's own reports.

        Each pipe keeps its worker's order, but the reader drains pipes one
        after the other, so B's "acquired" can be read before A's earlier
        "acquired, released". Holding is therefore kept per worker (with the
        time it began), never as one global "current holder" that a late
        report could overwrite.
        """
        with self._lock_state:
            if isinstance(event, LockAcquired):
                self._holding[event.worker] = event.t_ns
                if self.lock_abandoned_by is not None and event.t_ns > self._abandoned_at:
                    # Someone got the lock after the "abandoned" hold began: that
                    # holder released it after all, and died before it could say so.
                    former, self.lock_abandoned_by, self._abandoned_at = self.lock_abandoned_by, None, None
                    return LockRecovered(former, None, event.t_ns)
            elif isinstance(event, LockReleased):
                self._holding.pop(event.worker, None)
            elif event.worker in self._holding:  # exited while holding
                self._abandoned_at = self._holding.pop(event.worker)
                self.lock_abandoned_by = event.worker
                return LockAbandoned(event.worker, event.pid, event.t_ns, event.exitcode)
        return None

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

    def _status(self, worker: _Worker) -> WorkerStatus:
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

    def _reap(self, worker: _Worker) -> WorkerExited | None:
        """The worker's sentinel fired (or, for an orphan, its pipe ended).

        None: it still runs, orphaned by its forkserver; the reader calls
        again when its pipe ends.
        """
        if worker.orphaned:
            exitcode = forkserver_loss.wait_orphan(worker.pid)
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

    def _mark_reaped(self, worker: _Worker, exitcode: int | None) -> WorkerExited:
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
            if worker.orphaned:
                exitcode = forkserver_loss.wait_orphan(worker.pid)
            else:
                worker.process.join(timeout=5.0)
                exitcode = worker.process.exitcode
            now = time.perf_counter_ns()
            batch.append(OutputLine(worker.spec.name, worker.pid, now, f"proclab: {self.failure}", "stderr"))
            with self._changed:
                batch.append(self._mark_reaped(worker, exitcode))
        try:
            self._subscriber(batch)
        except BaseException:  # noqa: B036 - the subscriber may be what failed; failure says it all
            pass


def describe_start_error(error: BaseException) -> str:
    """Why ``Process.start()`` failed, in words even when the exception has none."""
    if isinstance(error, EOFError):
        return "the forkserver ended before it reported the new process (out of processes or descriptors?)"
    text = str(error)
    if isinstance(error, OSError) or not text:
        return text or type(error).__name__  # OSError says "[Errno 24] Too many open files"
    return f"{type(error).__name__}: {text}"
