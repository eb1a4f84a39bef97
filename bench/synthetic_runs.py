"""Made-up runs for the timeline benchmarks, built from the engine's own events.

Plain data, no Qt: a ``RunRecord`` of N workers spread over ``SPAN_S``
seconds, in every state a bar can have, and new workers appended to one.
"""
#: Seconds from t0 over which the synthetic workers are launched.
SPAN_S = 60.0
#: Exit codes of finished workers, in turn.
EXIT_CODES = (0, 0, 0, 0, 1, -15, -9, 0)


def synthetic_record(n, prefix="w", span_s=SPAN_S):
    """A RunRecord of ``n`` workers, built from the engine's own events.

    One in ten is still running, one in ten launched but not yet started;
    the others exited with ``EXIT_CODES`` in turn (those killed or failed
    sent no end event). Times spread over ``span_s`` seconds from t0 = 0.
    """
    from engine import RunRecord
    from engine.model.events import WorkerEnded, WorkerExited, WorkerLaunched, WorkerStarted

    names = [f"{prefix}{index:06d}" for index in range(n)]
    record = RunRecord.for_names(0, names)
    events = []
    for index, name in enumerate(names):
        pid = 100000 + index
        launch_ns = int(index * span_s * 1e9 / n)
        events.append(WorkerLaunched(name, pid, launch_ns))
        kind = index % 10
        if kind == 1:
            continue  # starting: no bar yet
        start_ns = launch_ns + 5_000_000
        events.append(WorkerStarted(name, pid, start_ns))
        if kind == 0:
            continue  # running: its bar ends at now_s
        exitcode = EXIT_CODES[kind % len(EXIT_CODES)]
        end_ns = start_ns + 500_000_000 + (index % 7) * 400_000_000
        if exitcode == 0:
            events.append(WorkerEnded(name, pid, end_ns))
        events.append(WorkerExited(name, pid, end_ns + 1_000_000, exitcode))
    record.apply(events)
    return record


def append_workers(record, count, at_s):
    """``count`` new workers, launched and started at ``at_s``, into ``record``."""
    from engine.model.events import WorkerLaunched, WorkerStarted

    t_ns = int(at_s * 1e9)
    first = len(record.workers)
    events = []
    for index in range(first, first + count):
        name = f"new{index:06d}"
        events += [WorkerLaunched(name, 200000 + index, t_ns), WorkerStarted(name, 200000 + index, t_ns + 5_000_000)]
    record.apply(events)
