"""What a run looked like, built from its events: the timeline's data.

Both the window and the command line feed events into a ``RunRecord`` and
draw or print from it. Times are seconds since the session's ``t0_ns``.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Iterable

from .events import (
    Event,
    JoinReturned,
    LockAbandoned,
    LockAcquired,
    LockRecovered,
    LockReleased,
    LockWaiting,
    MessageSent,
    NamedLockAcquired,
    NamedLockReleased,
    NamedLockWaiting,
    OutputLine,
    PingReceived,
    PipeReceived,
    PipeSent,
    ProcessCall,
    ProcessSeen,
    QueueGot,
    QueuePut,
    ResourceSample,
    RoundTrip,
    TaskBegan,
    TaskEnded,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerLost,
    WorkerPlaced,
    WorkerStarted,
)
from .exit_codes import WorkerState, describe_exitcode, state_for_exitcode

#: The first line of every traceback Python prints.
TRACEBACK_HEADER = "Traceback (most recent call last):"
#: How the engine's line about a worker that could not be started begins.
START_ERROR_PREFIX = "could not start: "


@dataclass
class WorkerRun:
    name: str
    pid: int | None = None
    launch_s: float | None = None  #: start() called (engine side)
    start_s: float | None = None  #: run begun (worker side)
    end_s: float | None = None
    exit_s: float | None = None  #: exited, and the engine's join() returned
    exitcode: int | None = None
    began: bool = False  #: the worker itself reported that its run began
    raised: bool = False  #: printed a traceback (an uncaught exception)
    lock_waits: list = field(default_factory=list)  #: [start_s, end_s or None]
    lock_holds: list = field(default_factory=list)  #: [start_s, end_s or None]
    messages: list = field(default_factory=list)  #: times of MessageSent, in seconds
    messages_expected: int | None = None  #: how many the worker will send in all
    round_trip_ms: float | None = None
    joins: list = field(default_factory=list)  #: (t_s, still alive) per join() that returned
    samples: list = field(default_factory=list)  #: (t_s, cpu_percent, rss_bytes)
    start_error: str | None = None  #: "could not start: ...", if its process never started
    # -- a watched script's process (engine.watch) --
    role: str | None = None  #: main, process, pool, fork, subprocess or helper; None: a ProcLab worker
    parent: str | None = None  #: the row of the process that started it
    parent_pid: int | None = None
    command: str = ""  #: its command line, shortened
    lock_names: list = field(default_factory=list)  #: per lock_holds span, the lock it held ("" unnamed)
    tasks: list = field(default_factory=list)  #: [start_s, end_s or None, task name, ok or None]
    pipe_marks: list = field(default_factory=list)  #: (t_s, "send" or "recv", channel, seq)
    queue_marks: list = field(default_factory=list)  #: (t_s, "put" or "get", queue)
    calls: list = field(default_factory=list)  #: (t_s, call, target row, seconds or None) it made
    # -- a cluster run's worker (engine.cluster) --
    host: str = ""  #: the machine it ran on ("" : this one)
    address: str = ""  #: the Dask worker that started it
    queued_s: float | None = None  #: from the request to the Dask worker starting it
    lost: str | None = None  #: why all word of it was lost (its Dask worker is gone)

    @property
    def helper(self) -> bool:
        """A process multiprocessing started for itself (forkserver, resource tracker)."""
        return self.role == "helper"

    @property
    def state(self) -> WorkerState:
        if self.exitcode is not None:
            return state_for_exitcode(self.exitcode)
        if self.exit_s is not None:  # exited, code unknown
            return WorkerState.FAILED
        if self.start_s is not None:
            return WorkerState.RUNNING
        if self.launch_s is not None:
            return WorkerState.STARTING
        return WorkerState.NOT_STARTED

    @property
    def bar_end_s(self) -> float | None:
        """Where the bar stops: the end event, else the exit, else open."""
        return self.end_s if self.end_s is not None else self.exit_s

    def duration_s(self) -> float | None:
        if self.start_s is None or self.bar_end_s is None:
            return None
        return self.bar_end_s - self.start_s

    @property
    def start_cost_ms(self) -> float | None:
        """From ``start()`` called to the worker's first line: the start method's cost."""
        if not self.began or self.launch_s is None or self.start_s < self.launch_s:
            return None
        return (self.start_s - self.launch_s) * 1e3

    def describe_exit(self) -> str:
        if self.lost is not None:
            return "lost: " + self.lost
        if self.start_error is not None and self.exitcode is None:
            return self.start_error
        return describe_exitcode(self.exitcode, self.raised)

    @property
    def placement(self) -> str:
        """Where a cluster run's worker ran: "host (tcp://address)"; "" on this machine."""
        if not self.address:
            return self.host
        return f"{self.host} ({self.address})" if self.host else self.address

    @property
    def latest_sample(self) -> tuple | None:
        return self.samples[-1] if self.samples else None


@dataclass
class RunRecord:
    """Per-worker rows in table order, plus every event in arrival order."""

    t0_ns: int
    workers: dict[str, WorkerRun] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    #: Held while events are applied. A reader that needs several fields of
    #: one moment (a view on another thread) holds it too.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)
    #: A worker that exited holding the shared lock, until it is recovered.
    lock_abandoned_by: str | None = None

    @classmethod
    def for_names(cls, t0_ns: int, names: Iterable[str]) -> "RunRecord":
        return cls(t0_ns, {name: WorkerRun(name) for name in names})

    def seconds(self, t_ns: int) -> float:
        return (t_ns - self.t0_ns) / 1e9

    def apply(self, events: Iterable[Event]) -> None:
        with self.lock:
            self._apply(events)

    def _apply(self, events: Iterable[Event]) -> None:
        for event in events:
            handler = _HANDLERS.get(type(event))
            if handler is None:  # before it adds a row or an event
                raise TypeError(f"unknown event {event!r}")
            self.events.append(event)
            run = self.workers.setdefault(event.worker, WorkerRun(event.worker))
            if event.pid is not None:
                run.pid = event.pid
            handler(self, run, event, self.seconds(event.t_ns))

    def all_exited(self) -> bool:
        return all(run.exit_s is not None for run in self.workers.values())

    def last_time_s(self) -> float:
        with self.lock:
            return self._last_time_s()

    def _last_time_s(self) -> float:
        times = [t for run in self.workers.values() for t in (run.start_s, run.bar_end_s) if t is not None]
        return max(times, default=0.0)


# -- how each event changes a row --------------------------------------------

def _launched(record, run, event, t):
    run.launch_s = t


def _started(record, run, event, t):
    run.start_s = t
    run.began = True


def _ended(record, run, event, t):
    run.end_s = t


def _output(record, run, event, t):
    if event.stream == "stderr" and event.text == TRACEBACK_HEADER:
        run.raised = True
    elif (event.stream == "stderr" and event.pid is None and run.launch_s is None
          and event.text.startswith(START_ERROR_PREFIX)):
        run.start_error = event.text  # the engine's words: no process was ever started


def _exited(record, run, event, t):
    run.exit_s = t
    run.exitcode = event.exitcode
    if run.start_s is None:  # died before its first line
        run.start_s = run.launch_s if run.launch_s is not None else t
    for spans in (run.lock_waits, run.lock_holds, run.tasks):  # a dead worker waits, holds and works no more
        if spans and spans[-1][1] is None:
            spans[-1][1] = t


def _lock_waiting(record, run, event, t):
    run.lock_waits.append([t, None])


def _lock_acquired(record, run, event, t):
    if run.lock_waits and run.lock_waits[-1][1] is None:
        run.lock_waits[-1][1] = t
    run.lock_holds.append([t, None])
    run.lock_names.append(getattr(event, "lock", ""))


def _lock_released(record, run, event, t):
    lock = getattr(event, "lock", None)
    if lock is not None:  # a named lock: its own latest hold, even if another lock was taken inside it
        for index in range(len(run.lock_holds) - 1, -1, -1):
            if run.lock_holds[index][1] is None and run.lock_names[index] == lock:
                run.lock_holds[index][1] = t
                return
        return
    if run.lock_holds and run.lock_holds[-1][1] is None:
        run.lock_holds[-1][1] = t


def _lock_abandoned(record, run, event, t):
    record.lock_abandoned_by = event.worker


def _lock_recovered(record, run, event, t):
    if record.lock_abandoned_by == event.worker:
        record.lock_abandoned_by = None


def _message(record, run, event, t):
    run.messages.append(t)
    run.messages_expected = event.count


def _round_trip(record, run, event, t):
    run.round_trip_ms = None if event.rtt_ns is None else event.rtt_ns / 1e6


def _joined(record, run, event, t):
    run.joins.append((t, event.alive))


def _sampled(record, run, event, t):
    run.samples.append((t, event.cpu_percent, event.rss_bytes))


def _nothing(record, run, event, t):
    pass


def _process_seen(record, run, event, t):
    run.role, run.command = event.role, event.command
    run.parent, run.parent_pid = event.parent or None, event.parent_pid


def _call(record, run, event, t):
    run.calls.append((t, event.call, event.target, event.seconds))


def _pipe_sent(record, run, event, t):
    run.pipe_marks.append((t, "send", event.channel, event.seq))


def _pipe_received(record, run, event, t):
    run.pipe_marks.append((t, "recv", event.channel, event.seq))


def _queue_put(record, run, event, t):
    run.queue_marks.append((t, "put", event.queue))


def _queue_got(record, run, event, t):
    run.queue_marks.append((t, "get", event.queue))


def _placed(record, run, event, t):
    run.host, run.address, run.queued_s = event.host, event.address, event.queued_s


def _lost(record, run, event, t):
    if run.exit_s is None:  # an exit that came first says more
        run.lost = event.reason
        _exited(record, run, WorkerExited(event.worker, event.pid, event.t_ns, None), t)


def _task_began(record, run, event, t):
    run.tasks.append([t, None, event.task, None])


def _task_ended(record, run, event, t):
    for span in reversed(run.tasks):
        if span[1] is None and span[2] == event.task:
            span[1], span[3] = t, event.ok
            return
    run.tasks.append([t, t, event.task, event.ok])  # its beginning was never seen


_HANDLERS = {
    WorkerLaunched: _launched,
    WorkerStarted: _started,
    WorkerEnded: _ended,
    WorkerExited: _exited,
    OutputLine: _output,
    LockWaiting: _lock_waiting,
    LockAcquired: _lock_acquired,
    LockReleased: _lock_released,
    LockAbandoned: _lock_abandoned,
    LockRecovered: _lock_recovered,
    MessageSent: _message,
    PingReceived: _nothing,
    RoundTrip: _round_trip,
    JoinReturned: _joined,
    ResourceSample: _sampled,
    ProcessSeen: _process_seen,
    ProcessCall: _call,
    NamedLockWaiting: _lock_waiting,
    NamedLockAcquired: _lock_acquired,
    NamedLockReleased: _lock_released,
    PipeSent: _pipe_sent,
    PipeReceived: _pipe_received,
    QueuePut: _queue_put,
    QueueGot: _queue_got,
    TaskBegan: _task_began,
    TaskEnded: _task_ended,
    WorkerPlaced: _placed,
    WorkerLost: _lost,
}
