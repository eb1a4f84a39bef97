"""Turning ``Process.exitcode`` values and run facts into words."""
from __future__ import annotations

import enum
import signal


class WorkerState(str, enum.Enum):
    NOT_STARTED = "not started"
    STARTING = "starting"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    TERMINATED = "terminated"
    KILLED = "killed"


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def describe_exitcode(exitcode: int | None, raised: bool | None = None) -> str:
    """0 ok, 1 uncaught exception, N exit status, -N killed by a signal.

    ``raised``: whether the worker printed a traceback, when known. Exit code
    1 is also what ``sys.exit(1)`` gives, so without a traceback it is just
    an exit status.
    """
    if exitcode is None:
        return ""
    if exitcode == 0:
        return "0 (ok)"
    if exitcode == 1 and raised is not False:
        return "1 (uncaught exception)"
    if exitcode > 0:
        return f"{exitcode} (exit status {exitcode})"
    return f"{exitcode} (killed by {signal_name(-exitcode)})"


def state_for_exitcode(exitcode: int) -> WorkerState:
    if exitcode == 0:
        return WorkerState.FINISHED
    if exitcode > 0:
        return WorkerState.FAILED
    if -exitcode == getattr(signal, "SIGTERM", 15):
        return WorkerState.TERMINATED
    return WorkerState.KILLED
