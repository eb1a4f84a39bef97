"""The one contract every way of running an experiment keeps.

``Session`` (one process per worker), ``InProcessRun`` (``Process.run()``
inside the caller's own process) and ``ThreadRun`` (threads, for compare
mode) all start their workers, deliver their events to one ``Subscriber``
in batches, can be joined and stopped, and say through ``capabilities``
what else they can do, so a caller asks "can it be signalled?" instead of
"is it an InProcessRun?".
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol, Sequence, TypeVar, runtime_checkable

from .events import Event

#: Who gets a run's events: called with a list of events, in arrival order,
#: from the run's own thread (never the caller's).
Subscriber = Callable[[list[Event]], None]


@dataclass(frozen=True)
class RunCapabilities:
    """What a run can do beyond start, join, stop and events."""

    #: Each worker is a process of its own: it has a pid, an exit code, and
    #: ``terminate()`` / ``kill()`` reach it.
    own_processes: bool
    #: ``terminate(names)`` and ``kill(names)`` send signals to workers.
    can_signal: bool
    #: ``statuses()`` polls ``is_alive()`` and pids; ``active_children_count()`` is meaningful.
    polls_processes: bool
    #: Messages workers' pings are answered through ``pong()``.
    answers_pings: bool
    #: A shared ``Lock`` that a dead holder can leave taken (``release_abandoned_lock()``).
    shared_lock: bool
    #: Its pids are pids of this machine (psutil can sample them); False on a cluster.
    on_this_machine: bool = True


@runtime_checkable
class Run(Protocol):
    """start, join, stop and events, kept by every run (see the module docstring)."""

    capabilities: RunCapabilities

    @property
    def names(self) -> list[str]: ...

    @property
    def started(self) -> bool: ...

    def start(self, t0_ns: int | None = None) -> None: ...

    def join(self, names: Sequence[str] | None = None, timeout: float | None = None) -> list[str]: ...

    def all_ended(self) -> bool: ...

    def stop(self, grace: float = 1.0) -> None: ...


_Worker = TypeVar("_Worker")


def select_named(workers: dict[str, _Worker], names: Sequence[str] | None) -> list[_Worker]:
    """The workers ``names`` names, in that order (None: all); ``KeyError`` naming any unknown."""
    if names is None:
        return list(workers.values())
    unknown = [name for name in names if name not in workers]
    if unknown:
        raise KeyError(f"no worker named {', '.join(map(repr, unknown))}")
    return [workers[name] for name in names]
