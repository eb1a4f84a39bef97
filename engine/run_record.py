"""What a run looked like, built from its events: the timeline's data.

Both the window and the command line feed events into a ``RunRecord`` and
draw or print from it. Times are seconds since the session's ``t0_ns``.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Iterable

from .events import Event, OutputLine, WorkerEnded, WorkerExited, WorkerLaunched, WorkerStarted
from .exit_codes import WorkerState, state_for_exitcode

_KNOWN_EVENTS = (WorkerLaunched, WorkerStarted, WorkerEnded, WorkerExited, OutputLine)


@dataclass
class WorkerRun:
    name: str
    pid: int | None = None
    launch_s: float | None = None
    start_s: float | None = None
    end_s: float | None = None
    exit_s: float | None = None
    exitcode: int | None = None

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


@dataclass
class RunRecord:
    """Per-worker rows in table order, plus every event in arrival order."""

    t0_ns: int
    workers: dict[str, WorkerRun] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    #: Held while events are applied. A reader that needs several fields of
    #: one moment (a view on another thread) holds it too.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

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
            if not isinstance(event, _KNOWN_EVENTS):  # before it adds a row or an event
                raise TypeError(f"unknown event {event!r}")
            self.events.append(event)
            run = self.workers.setdefault(event.worker, WorkerRun(event.worker))
            if event.pid is not None:
                run.pid = event.pid
            t = self.seconds(event.t_ns)
            if isinstance(event, WorkerLaunched):
                run.launch_s = t
            elif isinstance(event, WorkerStarted):
                run.start_s = t
            elif isinstance(event, WorkerEnded):
                run.end_s = t
            elif isinstance(event, WorkerExited):
                run.exit_s = t
                run.exitcode = event.exitcode
                if run.start_s is None:  # died before its first line
                    run.start_s = run.launch_s if run.launch_s is not None else t

    def all_exited(self) -> bool:
        return all(run.exit_s is not None for run in self.workers.values())

    def last_time_s(self) -> float:
        with self.lock:
            return self._last_time_s()

    def _last_time_s(self) -> float:
        times = [t for run in self.workers.values() for t in (run.start_s, run.bar_end_s) if t is not None]
        return max(times, default=0.0)
