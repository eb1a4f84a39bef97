"""The session's record of each worker, and what polling one says.

``WorkerSlot`` is private to the engine: the ``Process``, the channel, the
pid and how the worker ended, kept under the session's lock.
``WorkerStatus`` is what a caller sees when it polls (the table's pid,
``is_alive()`` and exit code columns).
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.model.exit_codes import WorkerState, state_for_exitcode
from engine.model.spec import WorkerSpec

from .channel import WorkerChannel


@dataclass(frozen=True)
class WorkerStatus:
    """What polling a worker's ``Process`` says right now."""

    name: str
    pid: int | None
    alive: bool
    exitcode: int | None
    start_error: str | None = None  #: why the process could not be started
    lost: str | None = None  #: a cluster run's: why all word of it was lost

    @property
    def state(self) -> WorkerState:
        if self.start_error is not None or self.lost is not None:
            return WorkerState.FAILED
        if self.pid is None:
            return WorkerState.NOT_STARTED
        if self.alive or self.exitcode is None:
            return WorkerState.RUNNING
        return state_for_exitcode(self.exitcode)


class WorkerSlot:
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


def describe_start_error(error: BaseException) -> str:
    """Why ``Process.start()`` failed, in words even when the exception has none."""
    if isinstance(error, EOFError):
        return "the forkserver ended before it reported the new process (out of processes or descriptors?)"
    text = str(error)
    if isinstance(error, OSError) or not text:
        return text or type(error).__name__  # OSError says "[Errno 24] Too many open files"
    return f"{type(error).__name__}: {text}"
