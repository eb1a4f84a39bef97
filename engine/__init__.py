"""ProcLab's engine: it owns every Process, Pipe and Lock, and imports no Qt.

How data flows::

    WorkerSpec list --Session.start()--> Process per worker (engine.worker.worker_main
                                            |   runs engine.worker.workloads[kind])
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
# reach engine.worker.worker_main and should pay only for what the worker needs.
_EXPORTS = {
    "Event": "model.events", "OutputLine": "model.events", "WorkerEnded": "model.events",
    "WorkerExited": "model.events", "WorkerLaunched": "model.events", "WorkerStarted": "model.events",
    "LockWaiting": "model.events", "LockAcquired": "model.events", "LockReleased": "model.events",
    "LockAbandoned": "model.events", "LockRecovered": "model.events", "MessageSent": "model.events",
    "PingReceived": "model.events", "RoundTrip": "model.events", "JoinReturned": "model.events",
    "ResourceSample": "model.events",
    "WorkerState": "model.exit_codes", "describe_exitcode": "model.exit_codes",
    "RunRecord": "model.run_record", "WorkerRun": "model.run_record",
    "Session": "run.session", "WorkerStatus": "run.session",
    "SpecError": "model.spec", "WorkerSpec": "model.spec",
    "ThreadRun": "run.thread_run",
    "CompareResult": "run.compare", "CompareRun": "run.compare", "run_compare": "run.compare",
    "InProcessRun": "run.in_process",
    "generate_script": "lab.script_export",
    "load_run": "files.replay", "ReplayError": "files.replay", "Replay": "files.replay",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
