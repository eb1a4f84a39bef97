"""The same workers as threads of this process: compare mode's other half.

``ThreadRun`` has the shape of ``Session`` where compare mode needs it
(``start(t0_ns)``, ``join(timeout)``, ``t0_ns``, ``names``) and sends the
same typed events, so one ``RunRecord`` reads both. How data flows::

    WorkerSpec list --start()--> launcher thread: WorkerLaunched, Thread.start()
                                    |  per worker, one threading.Thread running
                                    |  engine.worker.local_runner.run_here(...)
                                    v  wire tuples -> event_from_wire -> queue
    delivery thread: drains the queue, answers pings, calls
    subscriber(list[Event])  (always from this one thread, in order per worker)

What differs from processes, on purpose:

* Every event's ``pid`` is ``os.getpid()``: all workers are this process.
* The lock kind shares one ``threading.Lock``.
* A messages worker's ping goes through the queue to the delivery thread,
  which answers at once on the worker's own reply queue: the measured round
  trip is the in-process counterpart of the Pipe round trip a ``Session``
  answers on its reader thread (it includes waiting for the GIL).
* A workload that raises ends its thread with exit code 1 and its traceback
  as stderr ``OutputLine``s, like an uncaught exception in a child process.
* A thread cannot be terminated or killed, so there is no ``stop()``: the
  workers are daemon threads and ``join(timeout)`` just stops waiting.
* Crash workers are refused (see ``CRASH_REFUSED``).
"""
from __future__ import annotations

import os
import queue
import threading
import time
import traceback
from typing import Iterable, Sequence

from engine.model.events import OutputLine, PingReceived, WorkerExited, WorkerLaunched, event_from_wire
from engine.model.run_contract import RunCapabilities, Subscriber
from engine.model.spec import WorkerSpec, validate_specs
from engine.worker import wire
from engine.worker.local_runner import run_here
from engine.worker.workloads import PONG_TIMEOUT_SECONDS

from .cpu_calibration import worker_options

#: The kinds that can run as threads of ProcLab's own process.
THREAD_KINDS = ("sleep", "cpu", "lock", "messages")
CRASH_REFUSED = (
    "compare mode cannot run crash or stubborn workers ({names}): as threads they would run inside "
    "ProcLab itself, where os._exit, SIGKILL or a segfault would take ProcLab down with them and "
    "ignoring SIGTERM would change ProcLab's own signals; compare mode runs only sleep, cpu, lock "
    "and messages workers"
)
#: The most events handed to the subscriber in one call.
MAX_BATCH = 1000


def refuse_unsafe_kinds(specs: Sequence[WorkerSpec]) -> None:
    """ValueError if any spec's kind cannot run as a thread (crash)."""
    refused = [spec.name for spec in specs if spec.kind not in THREAD_KINDS]
    if refused:
        raise ValueError(CRASH_REFUSED.format(names=", ".join(map(repr, refused))))


class ThreadRun:
    """Runs the given workers as daemon threads of this process (a ``Run``).

    ``subscriber`` is called with lists of events from one delivery thread;
    if it raises, the first error is kept in ``delivery_error`` and delivery
    goes on.
    """

    capabilities = RunCapabilities(own_processes=False, can_signal=False, polls_processes=False,
                                   answers_pings=False, shared_lock=False)

    def __init__(self, specs: Iterable[WorkerSpec], subscriber: Subscriber | None = None):
        self._specs = validate_specs(specs)
        refuse_unsafe_kinds(self._specs)
        self._subscriber = subscriber or (lambda events: None)
        self._pid = os.getpid()
        self._lock = threading.Lock()  # the lock kind's shared lock
        self._queue: queue.SimpleQueue = queue.SimpleQueue()  # (events) from every thread
        self._replies = {spec.name: queue.SimpleQueue() for spec in self._specs if spec.kind == "messages"}
        self._changed = threading.Condition()
        self._delivered_exits: set[str] = set()  # whose WorkerExited the subscriber has had
        self.threads: dict[str, threading.Thread] = {}
        #: The first exception the subscriber raised (delivery goes on regardless).
        self.delivery_error: Exception | None = None
        self.t0_ns: int | None = None

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self._specs]

    @property
    def started(self) -> bool:
        return self.t0_ns is not None

    def start(self, t0_ns: int | None = None) -> None:
        """Begin starting every worker, in order, and return at once.

        ``t0_ns`` (a ``perf_counter_ns()`` reading, default now) is the run's
        time zero. cpu calibration, if not done yet in this process, happens
        on the launcher thread before any worker runs (0.15 s).
        """
        if self.started:
            raise RuntimeError("this run has already started")
        # Set first: the subscriber may read it as soon as events flow.
        self.t0_ns = time.perf_counter_ns() if t0_ns is None else t0_ns
        threading.Thread(target=self._deliver_all, name="proclab-thread-run-delivery", daemon=True).start()
        threading.Thread(target=self._launch_all, name="proclab-thread-run-launcher", daemon=True).start()

    def join(self, names: Sequence[str] | None = None, timeout: float | None = None) -> list[str]:
        """Wait until the named workers (default: all) have ended.

        A worker has ended once the subscriber has had its ``WorkerExited``,
        so after ``join()`` returns ``[]`` every event of theirs is delivered.
        Returns the names still running after ``timeout`` seconds.
        """
        selected = self.names if names is None else list(names)
        unknown = [name for name in selected if name not in self.names]
        if unknown:
            raise KeyError(f"no worker named {', '.join(map(repr, unknown))}")
        if not self.started:
            return []
        with self._changed:
            self._changed.wait_for(lambda: self._delivered_exits.issuperset(selected), timeout)
            return [name for name in selected if name not in self._delivered_exits]

    def all_ended(self) -> bool:
        return self.started and not self.join(timeout=0)

    # -- the launcher thread -------------------------------------------

    def stop(self, grace: float = 1.0) -> None:
        """Wait up to ``grace`` seconds for the threads; a thread cannot be
        terminated or killed, so one still running ends with the program."""
        if self.started:
            self.join(timeout=grace)
    def _launch_all(self) -> None:
        options = {spec.name: worker_options(spec) for spec in self._specs}  # calibrate first
        for spec in self._specs:
            thread = threading.Thread(
                target=self._run_worker, args=(spec, options[spec.name]), name=spec.name, daemon=True
            )
            self.threads[spec.name] = thread
            self._queue.put([WorkerLaunched(spec.name, self._pid, time.perf_counter_ns())])
            try:
                thread.start()
            except Exception as error:  # "can't start new thread"
                del self.threads[spec.name]
                now = time.perf_counter_ns()
                self._queue.put([
                    OutputLine(spec.name, self._pid, now, f"could not start: {error}", "stderr"),
                    WorkerExited(spec.name, self._pid, now, None),
                ])

    # -- each worker's thread ------------------------------------------

    def _run_worker(self, spec: WorkerSpec, options: dict) -> None:
        name, pid = spec.name, self._pid

        def send(message: tuple) -> None:
            self._queue.put([event_from_wire(name, pid, message)])

        ping = self._pinger(name, send) if spec.kind == "messages" else None
        exitcode = 0
        try:
            run_here(name, spec.interval, send, self._lock, spec.kind, options, ping)
        except SystemExit as exit_:  # what sys.exit(N) gives a process, without a traceback
            exitcode = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except BaseException:  # an uncaught exception: exit code 1 and the traceback on stderr
            exitcode = 1
            now = time.perf_counter_ns()
            self._queue.put([
                OutputLine(name, pid, now, line, "stderr") for line in traceback.format_exc().splitlines()
            ])
        finally:
            self._queue.put([WorkerExited(name, pid, time.perf_counter_ns(), exitcode)])

    def _pinger(self, name: str, send):
        replies = self._replies[name]

        def ping(seq: int) -> int | None:
            sent_ns = time.perf_counter_ns()
            send((wire.PING, sent_ns, seq))
            try:
                reply = replies.get(timeout=PONG_TIMEOUT_SECONDS)
            except queue.Empty:
                return None
            received_ns = time.perf_counter_ns()
            return received_ns - sent_ns if reply == (wire.PONG, seq) else None

        return ping

    # -- the delivery thread -------------------------------------------

    def _deliver_all(self) -> None:
        """Hand events over in batches until every worker's exit is delivered."""
        remaining = set(self.names)
        while remaining:
            batch = list(self._queue.get())
            while len(batch) < MAX_BATCH:
                try:
                    batch.extend(self._queue.get_nowait())
                except queue.Empty:
                    break
            exited = []
            for event in batch:
                if isinstance(event, PingReceived) and event.worker in self._replies:
                    self._replies[event.worker].put((wire.PONG, event.seq))  # answered at once
                elif isinstance(event, WorkerExited):
                    exited.append(event.worker)
            try:
                self._subscriber(batch)
            except Exception as error:  # keep delivering, so join() still returns
                if self.delivery_error is None:
                    self.delivery_error = error
            remaining.difference_update(exited)
            with self._changed:
                self._delivered_exits.update(exited)
                self._changed.notify_all()
