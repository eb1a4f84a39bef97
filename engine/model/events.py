"""Typed events that flow from workers (and the engine) to subscribers.

Every event is a small frozen dataclass with the worker's name, its pid and a
``time.perf_counter_ns()`` timestamp. ``perf_counter_ns`` reads a system-wide
monotonic clock on Linux, macOS and Windows, so a child's timestamps compare
with the parent's. ``kind`` names the event in files (events JSONL).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from engine.worker import wire


@dataclass(frozen=True)
class Event:
    worker: str
    pid: int | None
    t_ns: int
    kind: ClassVar[str] = "event"


@dataclass(frozen=True)
class WorkerLaunched(Event):
    """Sent by the engine: ``Process.start()`` was called at ``t_ns``."""

    kind: ClassVar[str] = "launch"


@dataclass(frozen=True)
class WorkerStarted(Event):
    """Sent by the worker as the first thing its target does."""

    kind: ClassVar[str] = "start"


@dataclass(frozen=True)
class OutputLine(Event):
    """One line the worker printed, on ``stream`` ("stdout" or "stderr")."""

    text: str = ""
    stream: str = "stdout"
    kind: ClassVar[str] = "output"


@dataclass(frozen=True)
class WorkerEnded(Event):
    """Sent by the worker as the last thing its target does."""

    kind: ClassVar[str] = "end"


@dataclass(frozen=True)
class WorkerExited(Event):
    """Sent by the engine when the process is gone, whatever the cause."""

    exitcode: int | None = None
    kind: ClassVar[str] = "exit"


@dataclass(frozen=True)
class LockWaiting(Event):
    """The worker is about to call ``lock.acquire()``."""

    kind: ClassVar[str] = "lock_wait"


@dataclass(frozen=True)
class LockAcquired(Event):
    """``lock.acquire()`` returned in the worker: it holds the lock."""

    kind: ClassVar[str] = "lock_acquired"


@dataclass(frozen=True)
class LockReleased(Event):
    """The worker released the lock (``t_ns``: just before ``release()``)."""

    kind: ClassVar[str] = "lock_released"


@dataclass(frozen=True)
class LockAbandoned(Event):
    """Sent by the engine: ``worker`` exited while it held the shared lock."""

    exitcode: int | None = None
    kind: ClassVar[str] = "lock_abandoned"


@dataclass(frozen=True)
class LockRecovered(Event):
    """Sent by the engine: it released the lock ``worker`` had abandoned."""

    kind: ClassVar[str] = "lock_recovered"


@dataclass(frozen=True)
class MessageSent(Event):
    """A messages worker sent message ``index`` (1-based) of ``count``."""

    index: int = 0
    count: int = 0
    kind: ClassVar[str] = "message"


@dataclass(frozen=True)
class PingReceived(Event):
    """A messages worker asks for a pong; whoever answers calls ``Session.pong``."""

    seq: int = 0
    kind: ClassVar[str] = "ping"


@dataclass(frozen=True)
class RoundTrip(Event):
    """A ping/pong round trip the worker measured (``rtt_ns`` None: no pong)."""

    seq: int = 0
    rtt_ns: int | None = None
    kind: ClassVar[str] = "round_trip"


@dataclass(frozen=True)
class JoinReturned(Event):
    """Sent by the engine: ``join()`` returned for this worker; ``alive`` if it timed out."""

    alive: bool = False
    kind: ClassVar[str] = "join"


@dataclass(frozen=True)
class ResourceSample(Event):
    """CPU % and resident memory of a live worker, polled by psutil."""

    cpu_percent: float = 0.0
    rss_bytes: int = 0
    kind: ClassVar[str] = "resources"


# -- where a cluster run's workers run (``engine.cluster``) --------------------

@dataclass(frozen=True)
class WorkerPlaced(Event):
    """Sent by a cluster run: the Dask worker this worker runs on.

    ``host``: that machine's name; ``address``: the Dask worker's address
    (``tcp://HOST:PORT``); ``queued_s``: from the run's request to the Dask
    worker starting it.
    """

    host: str = ""
    address: str = ""
    queued_s: float = 0.0
    kind: ClassVar[str] = "placed"


@dataclass(frozen=True)
class WorkerLost(Event):
    """Sent by a cluster run: the Dask worker running it is gone, and so is all word of it."""

    reason: str = ""
    kind: ClassVar[str] = "lost"


# -- what a watched script's processes do (``engine.watch``) -------------------

@dataclass(frozen=True)
class ProcessSeen(Event):
    """A watched script's process said hello: who started it and what it is.

    ``role``: main (the script), process (a ``multiprocessing.Process``),
    pool (a ``Pool`` or ``ProcessPoolExecutor`` worker), fork (``os.fork``),
    subprocess (another Python the script ran) or helper (the forkserver or
    resource tracker multiprocessing starts itself).
    """

    parent: str = ""
    parent_pid: int | None = None
    role: str = "process"
    command: str = ""
    kind: ClassVar[str] = "process"


@dataclass(frozen=True)
class ProcessCall(Event):
    """``worker`` called ``join()``, ``terminate()`` or ``kill()`` on ``target``.

    ``seconds``: how long ``join()`` took to return (None for the others, or
    a join that has not returned).
    """

    call: str = ""
    target: str = ""
    target_pid: int | None = None
    seconds: float | None = None
    kind: ClassVar[str] = "call"


@dataclass(frozen=True)
class NamedLockWaiting(LockWaiting):
    """A watched process is about to acquire ``lock`` (named by where it was created)."""

    lock: str = ""
    kind: ClassVar[str] = "named_lock_wait"


@dataclass(frozen=True)
class NamedLockAcquired(LockAcquired):
    lock: str = ""
    kind: ClassVar[str] = "named_lock_acquired"


@dataclass(frozen=True)
class NamedLockReleased(LockReleased):
    lock: str = ""
    kind: ClassVar[str] = "named_lock_released"


@dataclass(frozen=True)
class PipeSent(Event):
    """``Connection.send()`` on ``channel`` (a Pipe and its direction); ``seq`` pairs it with its receive."""

    channel: str = ""
    seq: int = 0
    kind: ClassVar[str] = "pipe_send"


@dataclass(frozen=True)
class PipeReceived(Event):
    """``Connection.recv()`` returned message ``seq`` of ``channel``."""

    channel: str = ""
    seq: int = 0
    kind: ClassVar[str] = "pipe_recv"


@dataclass(frozen=True)
class QueuePut(Event):
    """``put()`` on ``queue`` (named by where it was created)."""

    queue: str = ""
    kind: ClassVar[str] = "queue_put"


@dataclass(frozen=True)
class QueueGot(Event):
    """``get()`` on ``queue`` returned an item."""

    queue: str = ""
    kind: ClassVar[str] = "queue_get"


@dataclass(frozen=True)
class TaskBegan(Event):
    """A ``Pool`` or ``ProcessPoolExecutor`` worker began ``task`` (its function's name)."""

    task: str = ""
    kind: ClassVar[str] = "task_begin"


@dataclass(frozen=True)
class TaskEnded(Event):
    """The task ended; ``ok`` False if it raised."""

    task: str = ""
    ok: bool = True
    kind: ClassVar[str] = "task_end"


#: The events only a watched script's run has.
WATCH_EVENTS = (ProcessSeen, ProcessCall, NamedLockWaiting, NamedLockAcquired, NamedLockReleased,
                PipeSent, PipeReceived, QueuePut, QueueGot, TaskBegan, TaskEnded)

#: Per wire kind: the event it becomes and how many values follow ``t_ns``
#: (the event's own fields, in the order ``engine.worker.wire`` sends them).
_DECODERS: dict[str, tuple[type[Event], int]] = {
    wire.START: (WorkerStarted, 0),
    wire.OUTPUT: (OutputLine, 2),
    wire.LOCK_WAIT: (LockWaiting, 0),
    wire.LOCK_ACQUIRED: (LockAcquired, 0),
    wire.LOCK_RELEASED: (LockReleased, 0),
    wire.MESSAGE: (MessageSent, 2),
    wire.PING: (PingReceived, 1),
    wire.ROUND_TRIP: (RoundTrip, 2),
    wire.END: (WorkerEnded, 0),
}


def event_from_wire(worker: str, pid: int | None, message: tuple) -> Event:
    """Decode one ``engine.worker.wire`` message from ``worker``'s Pipe.

    ``ValueError`` for anything else: not a tuple, an unknown kind, a
    timestamp that is not an int, or too few or too many values.
    """
    try:
        event_type, values = _DECODERS[message[0]] if type(message) is tuple else _NO_DECODER
    except (IndexError, KeyError, TypeError):  # empty, unknown kind, unhashable kind
        event_type = None
    if event_type is None or len(message) != values + 2 or type(message[1]) is not int:
        raise ValueError(f"unknown message from worker {worker!r}: {message!r}")
    return event_type(worker, pid, *message[1:])


_NO_DECODER = (None, 0)
