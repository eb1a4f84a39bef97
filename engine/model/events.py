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


_SIMPLE = {
    wire.START: WorkerStarted,
    wire.END: WorkerEnded,
    wire.LOCK_WAIT: LockWaiting,
    wire.LOCK_ACQUIRED: LockAcquired,
    wire.LOCK_RELEASED: LockReleased,
}
_WITH_PAYLOAD = {
    wire.OUTPUT: OutputLine,
    wire.MESSAGE: MessageSent,
    wire.PING: PingReceived,
    wire.ROUND_TRIP: RoundTrip,
}


def event_from_wire(worker: str, pid: int | None, message: tuple) -> Event:
    """Decode one ``engine.worker.wire`` message from ``worker``'s Pipe."""
    kind, t_ns, *payload = message
    if kind in _SIMPLE and not payload:
        return _SIMPLE[kind](worker, pid, t_ns)
    if kind in _WITH_PAYLOAD:
        return _WITH_PAYLOAD[kind](worker, pid, t_ns, *payload)
    raise ValueError(f"unknown message from worker {worker!r}: {message!r}")
