"""Typed events that flow from workers (and the engine) to subscribers.

Every event is a small frozen dataclass with the worker's name, its pid and a
``time.perf_counter_ns()`` timestamp. ``perf_counter_ns`` reads a system-wide
monotonic clock on Linux, macOS and Windows, so a child's timestamps compare
with the parent's. ``kind`` names the event in files (events JSONL).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from . import wire


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


def event_from_wire(worker: str, pid: int | None, message: tuple) -> Event:
    """Decode one ``engine.wire`` message from ``worker``'s Pipe."""
    kind, t_ns, *payload = message
    if kind == wire.OUTPUT:
        text, stream = payload
        return OutputLine(worker, pid, t_ns, text, stream)
    if kind == wire.START:
        return WorkerStarted(worker, pid, t_ns)
    if kind == wire.END:
        return WorkerEnded(worker, pid, t_ns)
    raise ValueError(f"unknown message from worker {worker!r}: {message!r}")
