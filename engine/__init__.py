"""ProcLab's engine: it owns every Process, Pipe and Lock, and imports no Qt.

How data flows::

    WorkerSpec list --Session.start()--> Process per worker (engine.worker_main
                                            |   runs engine.workloads[kind])
                                            |  start / output / lock / message /
                                            v  end events over its one-way Pipe
    Session reader thread: wait(pipes + process sentinels), epoll, never select()
        |  a sentinel that fires becomes a WorkerExited event; a holder that
        |  exits without releasing the shared Lock adds LockAbandoned;
        |  pings are answered over a second Pipe (messages workers only);
        |  if the reader itself fails, the session kills and reaps the rest
        |  and ends the run with the reason (Session.failure)
        v
    subscriber(list[Event])  -->  RunRecord (rows, bars)  -->  window or CLI

The same workloads also run as threads of this process (``ThreadRun``, for
compare mode: ``run_compare`` runs threads, then processes) and inside the
calling thread through ``Process.run()`` (``InProcessRun``).
``generate_script`` writes an experiment as a plain multiprocessing script.

The window and the command line both drive this package; only the window
knows about Qt, through its bridge.
"""
# Names are loaded on first use: a spawned worker imports this package to
# reach engine.worker_main and should pay only for what the worker needs.
_EXPORTS = {
    "Event": "events", "OutputLine": "events", "WorkerEnded": "events", "WorkerExited": "events",
    "WorkerLaunched": "events", "WorkerStarted": "events", "LockWaiting": "events",
    "LockAcquired": "events", "LockReleased": "events", "LockAbandoned": "events",
    "LockRecovered": "events", "MessageSent": "events", "PingReceived": "events",
    "RoundTrip": "events", "JoinReturned": "events", "ResourceSample": "events",
    "WorkerState": "exit_codes", "describe_exitcode": "exit_codes",
    "RunRecord": "run_record", "WorkerRun": "run_record",
    "Session": "session", "WorkerStatus": "session",
    "SpecError": "spec", "WorkerSpec": "spec",
    "ThreadRun": "thread_run", "CompareResult": "compare", "CompareRun": "compare", "run_compare": "compare",
    "InProcessRun": "in_process", "generate_script": "script_export",
    "load_run": "replay", "ReplayError": "replay", "Replay": "replay",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
