"""ProcLab's engine: it owns every Process, Pipe and Lock, and imports no Qt.

How data flows::

    WorkerSpec list --Session.start()--> Process per worker (engine.worker_main)
                                            |  start / output / end events
                                            v  over the worker's one-way Pipe
    Session reader thread: wait(pipes + process sentinels)
        |  a sentinel that fires becomes a WorkerExited event
        v
    subscriber(list[Event])  -->  RunRecord (rows, bars)  -->  window or CLI

The window and the command line both drive this package; only the window
knows about Qt, through its bridge.
"""
from .events import Event, OutputLine, WorkerEnded, WorkerExited, WorkerLaunched, WorkerStarted
from .exit_codes import WorkerState, describe_exitcode
from .run_record import RunRecord, WorkerRun
from .session import Session, WorkerStatus
from .spec import SpecError, WorkerSpec

__all__ = [
    "Event", "OutputLine", "RunRecord", "Session", "SpecError", "WorkerEnded", "WorkerExited",
    "WorkerLaunched", "WorkerRun", "WorkerSpec", "WorkerStarted", "WorkerState", "WorkerStatus",
    "describe_exitcode",
]
