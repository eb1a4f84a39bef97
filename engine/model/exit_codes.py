"""Turning ``Process.exitcode`` values and worker states into words.

The words are English, or the window's language through ``translate``
(``engine.model.wording``): the window, its tooltips and exports, the trace
files and the command line all say an exit code the same way.
"""
from __future__ import annotations

import enum
import signal

from .wording import N_, Translate, english


class WorkerState(str, enum.Enum):
    """A worker's state; each value is the English word files and the window use."""

    NOT_STARTED = N_("not started")
    STARTING = N_("starting")
    RUNNING = N_("running")
    FINISHED = N_("finished")
    FAILED = N_("failed")
    TERMINATED = N_("terminated")
    KILLED = N_("killed")


def describe_state(state: WorkerState, translate: Translate = english) -> str:
    """``state`` in words: its value, or through ``translate`` (the window's ``tr``)."""
    return translate(state.value)


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def describe_exitcode(exitcode: int | None, raised: bool | None = None, translate: Translate = english) -> str:
    """0 ok, 1 uncaught exception, N exit status, -N killed by a signal.

    ``raised``: whether the worker printed a traceback, when known. Exit code
    1 is also what ``sys.exit(1)`` gives, so without a traceback it is just
    an exit status. ``translate``: see ``engine.model.wording`` (signal names
    stay as Python spells them).
    """
    if exitcode is None:
        return ""
    if exitcode == 0:
        return translate(N_("0 (ok)"))
    if exitcode == 1 and raised is not False:
        return translate(N_("1 (uncaught exception)"))
    if exitcode > 0:
        return translate(N_("{code} (exit status {code})")).format(code=exitcode)
    return translate(N_("{code} (killed by {signal})")).format(code=exitcode, signal=signal_name(-exitcode))


def state_for_exitcode(exitcode: int) -> WorkerState:
    if exitcode == 0:
        return WorkerState.FINISHED
    if exitcode > 0:
        return WorkerState.FAILED
    if -exitcode == getattr(signal, "SIGTERM", 15):
        return WorkerState.TERMINATED
    return WorkerState.KILLED
