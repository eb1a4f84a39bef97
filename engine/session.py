"""A session: one run of an experiment's workers, from start to stop.

The session owns every ``Process``, each worker's ``WorkerChannel`` and the
shared ``Lock``. One reader thread waits on all pipes and all process
sentinels together, so a worker that dies without a word still arrives as a
``WorkerExited`` event, after whatever it sent before dying. Subscribers get
events in batches, always from the reader thread.

Every touch of a ``Process`` object happens under one ``threading.Lock``:
``is_alive()`` and ``join()`` read the forkserver's sentinel or call
``waitpid``, and two threads doing that at once can lose the exit code.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Callable, Iterable, Sequence

from .channel import WorkerChannel
from .events import Event, WorkerExited, WorkerLaunched, event_from_wire
from .exit_codes import WorkerState, state_for_exitcode
from .spec import WorkerSpec, validate_specs
from .start_methods import make_context, default_start_method
from .worker_main import run_worker

Subscriber = Callable[[list[Event]], None]

#: How long ``stop()`` lets a worker handle SIGTERM before it sends SIGKILL.
DEFAULT_GRACE_SECONDS = 1.0


@dataclass(frozen=True)
class WorkerStatus:
    """What polling a worker's ``Process`` says right now."""

    name: str
    pid: int | None
    alive: bool
    exitcode: int | None

    @property
    def state(self) -> WorkerState:
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


class Session:
    """Starts the given workers, reports their events, stops them.

    ``subscriber`` is called from the reader thread with lists of events.
    Use as a context manager, or call ``stop()``: it leaves no process and
    no pipe behind.
    """

    def __init__(
        self,
        specs: Iterable[WorkerSpec],
        subscriber: Subscriber | None = None,
        start_method: str | None = None,
    ):
        self.start_method = start_method or default_start_method()
        self._context = make_context(self.start_method)
        self._workers = {spec.name: _Worker(spec) for spec in validate_specs(specs)}
        self._subscriber = subscriber or (lambda events: None)
        self._guard = threading.Lock()
        self._reaped = threading.Condition(self._guard)
        self._pending: deque[Event] = deque()
        self._wake_reader, self._wake_writer = self._context.Pipe(duplex=False)
        self._reader: threading.Thread | None = None
        self._closing = False
        self._closed = False
        self.shared_lock = self._context.Lock()
        self.t0_ns: int | None = None

    # -- lifecycle -----------------------------------------------------

    @property
    def names(self) -> list[str]:
        return list(self._workers)

    @property
    def started(self) -> bool:
        return self.t0_ns is not None

    def start(self) -> None:
        """Start every worker, in order; events begin to flow at once."""
        if self.started:
            raise RuntimeError("this session has already started")
        self.t0_ns = time.perf_counter_ns()
        self._reader = threading.Thread(target=self._read_loop, name="proclab-reader", daemon=True)
        self._reader.start()
        for worker in self._workers.values():
            self._launch(worker)

    def _launch(self, worker: _Worker) -> None:
        channel = WorkerChannel(self._context)
        process = self._context.Process(
            target=run_worker,
            args=(worker.spec.name, worker.spec.interval, channel.writer, self.shared_lock),
            name=worker.spec.name,
            daemon=True,
        )
        with self._guard:
            launched_ns = time.perf_counter_ns()
            process.start()
            channel.release_child_end()
            worker.process, worker.channel, worker.pid = process, channel, process.pid
            self._pending.append(WorkerLaunched(worker.spec.name, process.pid, launched_ns))
        self._wake()

    def stop(self, grace: float = DEFAULT_GRACE_SECONDS) -> None:
        """Terminate, wait ``grace`` seconds, kill what is left; close everything."""
        if self._closed:
            return
        if self.started:
            self.terminate()
            if self.join(timeout=grace):
                self.kill()
                self.join(timeout=5.0)
            with self._guard:
                self._closing = True
            self._wake()
            self._reader.join()
        for worker in self._workers.values():
            if worker.channel is not None:
                worker.channel.close()
            if worker.process is not None and not worker.reaped:
                # Only reached if a process outlived SIGKILL by seconds.
                worker.process.join(timeout=1.0)
        self._wake_reader.close()
        self._wake_writer.close()
        self._closed = True

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

    def join(self, names: Sequence[str] | None = None, timeout: float | None = None) -> list[str]:
        """Wait until the named workers (default: all) have ended.

        Like ``Process.join(timeout)``: returns after ``timeout`` seconds at
        the latest, with the names of those still alive (empty: all ended).
        """
        selected = [worker for worker in self._select(names) if worker.process is not None]
        with self._reaped:
            self._reaped.wait_for(lambda: all(w.reaped for w in selected), timeout)
            return [worker.spec.name for worker in selected if not worker.reaped]

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
                if worker.process is not None and not worker.reaped and worker.process.is_alive():
                    getattr(worker.process, method)()
                    sent.append(worker.spec.name)
        return sent

    # -- observation ---------------------------------------------------

    def statuses(self) -> list[WorkerStatus]:
        """Polls each worker's ``pid``, ``is_alive()`` and ``exitcode``."""
        with self._guard:
            return [self._status(worker) for worker in self._workers.values()]

    def _status(self, worker: _Worker) -> WorkerStatus:
        if worker.process is None:
            return WorkerStatus(worker.spec.name, None, False, None)
        if worker.reaped:
            return WorkerStatus(worker.spec.name, worker.pid, False, worker.exitcode)
        alive = worker.process.is_alive()
        return WorkerStatus(worker.spec.name, worker.pid, alive, worker.process.exitcode)

    def active_children_count(self) -> int:
        """``len(multiprocessing.active_children())``, safely against the reader."""
        import multiprocessing

        with self._guard:
            return len(multiprocessing.active_children())

    def all_ended(self) -> bool:
        with self._guard:
            return all(worker.reaped for worker in self._workers.values() if worker.process is not None)

    # -- the reader thread ---------------------------------------------

    def _wake(self) -> None:
        try:
            self._wake_writer.send_bytes(b"!")
        except OSError:
            pass

    def _read_loop(self) -> None:
        while True:
            with self._guard:
                if self._closing:
                    return
                by_conn = {w.channel.reader: w for w in self._live() if not w.channel.reader.closed}
                by_sentinel = {w.process.sentinel: w for w in self._live()}
            ready = wait([self._wake_reader, *by_conn, *by_sentinel])
            batch: list[Event] = []
            if self._wake_reader in ready:
                while self._wake_reader.poll():
                    self._wake_reader.recv_bytes()
            with self._guard:
                batch.extend(self._pending)
                self._pending.clear()
            for conn, worker in by_conn.items():
                if conn in ready:
                    batch.extend(self._drain(worker))
            for sentinel, worker in by_sentinel.items():
                if sentinel in ready:
                    batch.extend(self._drain(worker))
                    batch.append(self._reap(worker))
            if batch:
                self._subscriber(batch)

    def _live(self) -> list[_Worker]:
        return [w for w in self._workers.values() if w.process is not None and not w.reaped]

    @staticmethod
    def _drain(worker: _Worker) -> list[Event]:
        conn = worker.channel.reader
        events: list[Event] = []
        try:
            while not conn.closed and conn.poll():
                events.append(event_from_wire(worker.spec.name, worker.pid, conn.recv()))
        except (EOFError, OSError):
            # EOF: the worker closed its end. OSError: it died mid-message.
            conn.close()
        return events

    def _reap(self, worker: _Worker) -> WorkerExited:
        with self._reaped:
            # The sentinel is ready, so this returns at once; the timeout
            # covers the instant between the child closing its fds and
            # the kernel making its exit status available.
            worker.process.join(timeout=5.0)
            worker.exitcode = worker.process.exitcode
            worker.reaped = True
            worker.channel.close()
            if worker.exitcode is not None:
                worker.process.close()  # frees the sentinel
            self._reaped.notify_all()
        return WorkerExited(worker.spec.name, worker.pid, time.perf_counter_ns(), worker.exitcode)
