"""A watched script's run, built by hand from the events ``engine.watch`` sends.

No processes: the files and the timeline are checked against a record whose
every row and mark is known. The script it stands for::

    main (MainProcess) starts the resource tracker (a helper), three workers
    that sleep 2, 3 and 4 s (worker1 talks to main over a Pipe, worker2 puts
    on a Queue main reads, worker2 and worker3 take turns on a Lock),
    terminates worker3, then runs Pool(2).map(square, range(6)) (one task
    raises) and joins everything.
"""
from __future__ import annotations

from engine import RunRecord
from engine.model.events import (
    NamedLockAcquired,
    NamedLockReleased,
    NamedLockWaiting,
    OutputLine,
    PipeReceived,
    PipeSent,
    ProcessCall,
    ProcessSeen,
    QueueGot,
    QueuePut,
    TaskBegan,
    TaskEnded,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)

S = 1_000_000_000
MAIN, HELPER = "MainProcess", "resource_tracker"
WORKERS = ("worker1", "worker2", "worker3")
POOL = ("ForkPoolWorker-1", "ForkPoolWorker-2")
PIDS = {MAIN: 4242, HELPER: 4243, "worker1": 4250, "worker2": 4251, "worker3": 4252,
        "ForkPoolWorker-1": 4260, "ForkPoolWorker-2": 4261}
#: Rows in the order the processes appear.
ROWS = (MAIN, HELPER, *WORKERS, *POOL)
PIPE_TO_CHILD = "lesson.py:20 main→worker1"
PIPE_TO_MAIN = "lesson.py:20 worker1→main"
QUEUE = "lesson.py:31"
LOCK = "lesson.py:12"
#: (pool worker, begin, end, ok): six tasks of "square", the fourth raises.
TASKS = (
    ("ForkPoolWorker-1", 4.60, 4.90, True), ("ForkPoolWorker-2", 4.61, 4.95, True),
    ("ForkPoolWorker-1", 4.92, 5.20, True), ("ForkPoolWorker-2", 4.97, 5.25, False),
    ("ForkPoolWorker-1", 5.22, 5.50, True), ("ForkPoolWorker-2", 5.27, 5.55, True),
)
#: (channel, seq, sender, sent at, receiver, received at)
PIPE_MESSAGES = (
    (PIPE_TO_CHILD, 0, MAIN, 0.30, "worker1", 0.302),
    (PIPE_TO_CHILD, 1, MAIN, 0.80, "worker1", 0.802),
    (PIPE_TO_CHILD, 2, MAIN, 1.30, "worker1", 1.302),
    (PIPE_TO_MAIN, 0, "worker1", 1.50, MAIN, 1.503),
)
QUEUE_TIMES = ((1.0, 1.01), (2.0, 2.01))  # (put by worker2, got by main)


def ns(seconds: float) -> int:
    return int(round(seconds * S))


def watched_events() -> list:
    pid = PIDS
    events = [
        ProcessSeen(MAIN, pid[MAIN], 0, "", None, "main", "python3 lesson.py"),
        WorkerStarted(MAIN, pid[MAIN], 0),
        ProcessSeen(HELPER, pid[HELPER], ns(0.05), MAIN, pid[MAIN], "helper",
                    "python3 -c 'from multiprocessing.resource_tracker import main;main(7)'"),
        WorkerStarted(HELPER, pid[HELPER], ns(0.05)),
    ]
    for index, name in enumerate(WORKERS):
        launched = 0.10 + 0.01 * index
        events += [WorkerLaunched(name, pid[name], ns(launched)),
                   ProcessSeen(name, pid[name], ns(launched + 0.07), MAIN, pid[MAIN], "process", ""),
                   WorkerStarted(name, pid[name], ns(launched + 0.08))]
    for channel, seq, sender, sent, receiver, received in PIPE_MESSAGES:
        events += [PipeSent(sender, pid[sender], ns(sent), channel, seq),
                   PipeReceived(receiver, pid[receiver], ns(received), channel, seq)]
    for put, got in QUEUE_TIMES:
        events += [QueuePut("worker2", pid["worker2"], ns(put), QUEUE),
                   QueueGot(MAIN, pid[MAIN], ns(got), QUEUE)]
    events += [
        NamedLockWaiting("worker3", pid["worker3"], ns(0.50), LOCK),
        NamedLockAcquired("worker3", pid["worker3"], ns(0.50), LOCK),
        NamedLockWaiting("worker2", pid["worker2"], ns(0.60), LOCK),
        NamedLockReleased("worker3", pid["worker3"], ns(1.50), LOCK),
        NamedLockAcquired("worker2", pid["worker2"], ns(1.50), LOCK),
        NamedLockReleased("worker2", pid["worker2"], ns(2.20), LOCK),
        OutputLine("worker1", pid["worker1"], ns(1.6), "worker1 done", "stdout"),
        WorkerEnded("worker1", pid["worker1"], ns(2.18)),
        WorkerExited("worker1", pid["worker1"], ns(2.19), 0),
        ProcessCall(MAIN, pid[MAIN], ns(2.20), "join", "worker1", pid["worker1"], 2.0),
        WorkerEnded("worker2", pid["worker2"], ns(3.19)),
        WorkerExited("worker2", pid["worker2"], ns(3.20), 0),
        ProcessCall(MAIN, pid[MAIN], ns(3.21), "join", "worker2", pid["worker2"], 1.01),
        ProcessCall(MAIN, pid[MAIN], ns(4.00), "terminate", "worker3", pid["worker3"], None),
        WorkerExited("worker3", pid["worker3"], ns(4.01), -15),
        ProcessCall(MAIN, pid[MAIN], ns(4.02), "join", "worker3", pid["worker3"], 0.02),
    ]
    for index, name in enumerate(POOL):
        launched = 4.50 + 0.01 * index
        events += [WorkerLaunched(name, pid[name], ns(launched)),
                   ProcessSeen(name, pid[name], ns(launched + 0.01), MAIN, pid[MAIN], "pool", ""),
                   WorkerStarted(name, pid[name], ns(launched + 0.02))]
    for name, began, ended, ok in TASKS:
        events += [TaskBegan(name, pid[name], ns(began), "square"), TaskEnded(name, pid[name], ns(ended), "square", ok)]
    for index, name in enumerate(POOL):
        events += [WorkerEnded(name, pid[name], ns(5.70 + 0.01 * index)),
                   WorkerExited(name, pid[name], ns(5.72 + 0.01 * index), -15 if index else 0),
                   ProcessCall(MAIN, pid[MAIN], ns(5.75), "join", name, pid[name], 0.05)]
    events += [WorkerEnded(MAIN, pid[MAIN], ns(5.90)), WorkerExited(HELPER, pid[HELPER], ns(5.95), 0),
               WorkerExited(MAIN, pid[MAIN], ns(6.00), 0)]
    # The collector sorts by nothing: each process reports on its own connection.
    return sorted(events, key=lambda event: event.t_ns)


def watched_record() -> RunRecord:
    record = RunRecord(0)
    record.apply(watched_events())
    assert tuple(record.workers) == ROWS
    return record


def big_watched_record(rows: int = 500, per_row: int = 10) -> RunRecord:
    """``rows`` processes, each with ``per_row`` tasks, Pipe messages to the next row, Queue puts and gets."""
    events = [ProcessSeen("main", 1, 0, "", None, "main", ""), WorkerStarted("main", 1, 0)]
    names = [f"proc{n}" for n in range(rows - 1)]
    for pid, name in enumerate(names, 2):
        events += [ProcessSeen(name, pid, ns(0.001 * pid), "main", 1, "helper" if pid % 50 == 0 else "pool", ""),
                   WorkerStarted(name, pid, ns(0.001 * pid))]
    for pid, name in enumerate(names, 2):
        partner = names[(pid - 1) % len(names)]
        for n in range(per_row):
            t = 1.0 + n + 0.0001 * pid
            events += [TaskBegan(name, pid, ns(t), "f"), TaskEnded(name, pid, ns(t + 0.5), "f", n % 7 != 0),
                       PipeSent(name, pid, ns(t + 0.1), name, n), PipeReceived(partner, None, ns(t + 0.2), name, n),
                       QueuePut(name, pid, ns(t + 0.3), "q"), QueueGot(partner, None, ns(t + 0.4), "q")]
        events += [ProcessCall("main", 1, ns(11.5), "join", name, pid, 0.1),
                   WorkerExited(name, pid, ns(11.6), 0)]
    record = RunRecord(0)
    record.apply(events)
    return record
