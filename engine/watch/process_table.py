"""Records from a watched script's processes -> the engine's events, one row per process.

``ProcessTable`` is fed each record with the pid of the connection it came
on (``feed``), the guard's reports of exits it reaped itself
(``reaped``), connections that ended (``closed``) and the clock (``tick``),
and returns the events they make. It names each process's row:

- the script's main process is "MainProcess", helpers that multiprocessing
  starts itself are "forkserver" and "resource_tracker";
- a ``multiprocessing`` child takes its ``Process.name``, from its parent's
  ``start`` record or its own ``run`` record, whichever comes first: its
  events wait (at most ``NAME_WAIT_NS``) until one of them does, so its row
  has its real name from the first event on;
- an ``os.fork`` child is "<parent> fork", another Python "python <script>";
- a name already taken gets " (pid)".

A process's exit is the code its parent's ``waitpid`` (or the guard's)
reported, never its own word; it is shown once its connection has ended
(its last records are in), or ``EXIT_WAIT_NS`` after it was reaped.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from engine.model.events import (
    Event,
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

from .protocol import RECORD_FIELDS

#: How long a new multiprocessing child's events wait for its name.
NAME_WAIT_NS = 1_000_000_000
#: How long a reaped process's exit waits for its connection's last records.
EXIT_WAIT_NS = 500_000_000
MAIN_NAME = "MainProcess"


@dataclass
class _Process:
    pid: int
    ppid: int
    hello_ns: int
    argv: list
    role: str
    row: str | None = None  #: None while its name is awaited
    pending: list = field(default_factory=list)  #: records held until the row has a name
    exit: tuple | None = None  #: (t_ns, exitcode) reaped, not yet shown
    exited: bool = False
    closed: bool = False
    ran: bool = False  #: a multiprocessing child whose run() began
    said_hello: bool = True  #: False while only its parent's start() record is known


def _command(argv: list) -> str:
    return " ".join(str(part) for part in argv)[:200]


def _helper_name(argv: list) -> str | None:
    text = _command(argv)
    if "multiprocessing.forkserver" in text:
        return "forkserver"
    if "multiprocessing.resource_tracker" in text:
        return "resource_tracker"
    return None


def _subprocess_name(argv: list) -> str:
    """What a Python subprocess runs: "python script.py", "python -m module", "python -c" or "python"."""
    words = [str(part) for part in argv[1:]]
    index = 0
    while index < len(words):
        word = words[index]
        if word == "-c":
            return "python -c"  # not its code: that is no name
        if word == "-m":
            return f"python -m {words[index + 1]}" if index + 1 < len(words) else "python -m"
        if not word.startswith("-"):
            return "python " + os.path.basename(word)
        index += 2 if word in ("-W", "-X", "--check-hash-based-pycs") else 1  # options that take a value
    return "python"


def check_record(record: object) -> str | None:
    """Why ``record`` is not a record of the protocol, or None if it is."""
    if type(record) is not list or not record or type(record[0]) is not str:
        return "not a [kind, t_ns, ...] array"
    layout = RECORD_FIELDS.get(record[0])
    if layout is None:
        return f"unknown kind {record[0][:40]!r}"
    if len(record) != len(layout) + 2:
        return f"{record[0]}: {len(record) - 2} values, not {len(layout)}"
    if type(record[1]) is not int:
        return f"{record[0]}: t_ns is not a whole number"
    for (name, kind), value in zip(layout, record[2:]):
        if not isinstance(value, kind) or (kind is int and type(value) is bool):
            return f"{record[0]}: {name} has the wrong type"
    return None


class ProcessTable:
    def __init__(self, max_processes: int = 500):
        self.max_processes = max_processes
        self._by_pid: dict[int, _Process] = {}
        self._rows: set[str] = set()
        self._started: dict[int, tuple[int, str, int]] = {}  # child pid -> (t_ns, name, parent pid)
        self._early_exits: dict[int, tuple[int, int]] = {}  # reaped before its hello
        self._lock_sites: dict[str, str] = {}  # semaphore name -> "file.py:12"
        self._queue_sites: dict[int, str] = {}
        self._pipe_ends: dict[int, tuple[str, str, int]] = {}  # inode -> (pipe, this end, other inode)
        self._sent: dict[str, int] = {}
        self._received: dict[str, int] = {}
        self.malformed = 0
        self.too_many = False
        self.main_pid: int | None = None

    # -- what comes in ---------------------------------------------------------

    def hello(self, record: list, now_ns: int) -> tuple[int, list[Event]]:
        """A connection's first record: its process. Returns (pid, events)."""
        _, t_ns, pid, ppid, argv, role, name = record
        events: list[Event] = []
        early = self._by_pid.get(pid)
        if early is not None and not early.said_hello:  # its row came first, from its parent's start()
            early.said_hello, early.argv = True, argv  # its parent stays the one that called start()
            return pid, [ProcessSeen(early.row, pid, t_ns, *self._parent_of(early), early.role, _command(argv))]
        if pid in self._by_pid:  # a pid used again (or said hello twice): a new row
            old = self._by_pid.pop(pid)
            events += self._finish(old, now_ns, None)
        if len(self._by_pid) >= self.max_processes:
            self.too_many = True
        helper = _helper_name(argv)
        parent = self._by_pid.get(ppid)
        if role == "main":
            kind, name = "main", MAIN_NAME
            self.main_pid = pid
        elif role == "process":  # forked by Process.start(): it said its name
            kind = "process"
        elif role == "forked" and parent is not None and parent.role == "helper":
            kind = "process"  # forked by the forkserver: a multiprocessing child
        elif role == "forked":
            kind = "fork"
            name = f"{parent.row if parent and parent.row else 'pid ' + str(ppid)} fork"
        elif helper:
            kind, name = "helper", helper
        elif "--multiprocessing-fork" in argv:
            kind = "process"
        else:
            kind, name = "subprocess", _subprocess_name(argv)
        process = _Process(pid, ppid, t_ns, argv, kind)
        self._by_pid[pid] = process
        if pid in self._started and not name:
            name = self._started[pid][1]
        if name:
            events += self._name(process, name)
        return pid, events

    def feed(self, pid: int, record: list, now_ns: int) -> list[Event]:
        process = self._by_pid.get(pid)
        if process is None:
            return []
        kind = record[0]
        if kind == "run" and process.row is None:
            process.pending.append(record)
            return self._name(process, record[2])
        if kind == "start":
            return self._child_started(pid, record)
        if kind == "reaped":
            return self.reaped(record[2], record[3], record[1])
        if kind == "lockdef":
            self._lock_sites[record[2]] = record[3]
            return []
        if kind == "queuedef":
            self._queue_sites[record[2]] = record[3]
            return []
        if kind == "pipe":
            self._pipe(record)
            return []
        if process.row is None:
            process.pending.append(record)
            return []
        return self._events(process, record)

    def reaped(self, pid: int, exitcode: int, t_ns: int) -> list[Event]:
        """Someone's waitpid() (the guard's too) reaped ``pid`` with ``exitcode``."""
        process = self._by_pid.get(pid)
        if process is None or process.exited:
            self._early_exits[pid] = (t_ns, exitcode)
            return []
        process.exit = (t_ns, exitcode)
        if process.closed:
            return self._finish(process, t_ns, exitcode)
        return []

    def closed(self, pid: int, now_ns: int) -> list[Event]:
        """The process's connection ended: its last records are in."""
        process = self._by_pid.get(pid)
        if process is None:
            return []
        process.closed = True
        events = []
        if process.row is None:  # gone before anyone named it
            events += self._name(process, self._fallback_name(process))
        if process.exit is not None:
            events += self._finish(process, *process.exit)
        return events

    def tick(self, now_ns: int) -> list[Event]:
        """Names that waited too long get a fallback; exits that waited too long are shown."""
        events: list[Event] = []
        for process in list(self._by_pid.values()):
            if process.row is None and now_ns - process.hello_ns > NAME_WAIT_NS:
                events += self._name(process, self._fallback_name(process))
            if process.exit is not None and not process.exited and now_ns - process.exit[0] > EXIT_WAIT_NS:
                events += self._finish(process, *process.exit)
        return events

    def finish_all(self, now_ns: int) -> list[Event]:
        """The script is over: every row not yet exited exits (code unknown unless reaped)."""
        events: list[Event] = []
        for process in list(self._by_pid.values()):
            if process.row is None:
                events += self._name(process, self._fallback_name(process))
            if not process.exited:
                t_ns, code = process.exit if process.exit is not None else (now_ns, None)
                events += self._finish(process, t_ns, code)
        return events

    # -- questions ------------------------------------------------------------------

    def live_pids(self) -> dict[str, int]:
        """Row -> pid of every process not known to have exited."""
        return {p.row: p.pid for p in self._by_pid.values() if p.row is not None and not p.exited}

    def pids(self) -> list[int]:
        return [p.pid for p in self._by_pid.values() if not p.exited]

    def rows(self) -> list[str]:
        return [p.row for p in self._by_pid.values() if p.row is not None]

    def row_of(self, pid: int) -> str | None:
        process = self._by_pid.get(pid)
        return process.row if process else None

    def all_exited(self) -> bool:
        return all(p.exited for p in self._by_pid.values())

    # -- naming ------------------------------------------------------------------------

    def _fallback_name(self, process: _Process) -> str:
        return {"process": "Process", "pool": "PoolWorker"}.get(process.role, "python")

    def _name(self, process: _Process, name: str) -> list[Event]:
        if process.row is not None:
            return []
        row = name if name and name not in self._rows else f"{name or 'process'} ({process.pid})"
        self._rows.add(row)
        process.row = row
        parent = self._by_pid.get(process.ppid)
        started = self._started.pop(process.pid, None)
        if started is not None:  # its parent is who called start(), not the forkserver that forked it
            process.ppid = started[2]
            parent = self._by_pid.get(started[2], parent)
        launch_ns = started[0] if started is not None else process.hello_ns
        role = process.role
        if any(r[0] == "run" and r[3] for r in process.pending):
            role = process.role = "pool"
        events: list[Event] = [
            ProcessSeen(row, process.pid, process.hello_ns, parent.row if parent and parent.row else "",
                        parent.pid if parent else process.ppid, role, _command(process.argv)),
            WorkerLaunched(row, process.pid, launch_ns),
        ]
        if role not in ("process", "pool"):  # its run is the interpreter's life
            events.append(WorkerStarted(row, process.pid, process.hello_ns))
        pending, process.pending = process.pending, []
        for record in pending:
            events += self._events(process, record)
        if process.pid in self._early_exits:
            process.exit = self._early_exits.pop(process.pid)
        return events

    def _child_started(self, parent_pid: int, record: list) -> list[Event]:
        """``Process.start()`` returned in the parent: the child's row begins here, in creation order."""
        _, t_ns, child_pid, child_name = record
        child = self._by_pid.get(child_pid)
        if child is not None and child.row is not None:  # it named itself first
            events: list[Event] = [WorkerLaunched(child.row, child_pid, t_ns)]
            if child.ppid != parent_pid:  # its parent is who called start(), not the forkserver
                child.ppid = parent_pid
                events.append(ProcessSeen(child.row, child_pid, child.hello_ns, *self._parent_of(child),
                                          child.role, _command(child.argv)))
            return events
        self._started[child_pid] = (t_ns, child_name, parent_pid)
        if child is None:  # it has not said hello yet
            child = self._by_pid[child_pid] = _Process(child_pid, parent_pid, t_ns, [], "process", said_hello=False)
            if len(self._by_pid) > self.max_processes:  # its hello will not count it again
                self.too_many = True
        return self._name(child, child_name)

    def _parent_of(self, process: _Process) -> tuple[str, int]:
        parent = self._by_pid.get(process.ppid)
        return (parent.row if parent and parent.row else ""), process.ppid

    # -- one record, for a named row -----------------------------------------------

    def _events(self, process: _Process, record: list) -> list[Event]:
        kind, t_ns, row, pid = record[0], record[1], process.row, process.pid
        if kind == "out":
            return [OutputLine(row, pid, t_ns, record[3], record[2] if record[2] == "stderr" else "stdout")]
        if kind == "run":
            process.ran = True
            events: list[Event] = []
            if record[3] and process.role != "pool":  # a Pool or executor worker: say so
                process.role = "pool"
                events.append(ProcessSeen(row, pid, t_ns, *self._parent_of(process), "pool",
                                          _command(process.argv)))
            return events + [WorkerStarted(row, pid, t_ns)]
        if kind == "run_end" or (kind == "exit" and not process.ran):
            return [WorkerEnded(row, pid, t_ns)]
        if kind == "lock":
            lock = record[3]
            if lock.startswith("sem:"):
                lock = self._lock_sites.get(lock[4:], "Lock")
            lock = lock if lock.startswith("Lock") else f"Lock@{lock}"
            event = {"wait": NamedLockWaiting, "acquired": NamedLockAcquired,
                     "released": NamedLockReleased}.get(record[2])
            return [event(row, pid, t_ns, lock)] if event else []
        if kind in ("send", "recv"):
            return self._pipe_event(process, record)
        if kind in ("put", "get"):
            site = self._queue_sites.get(record[2])
            queue = f"Queue@{site}" if site else f"queue {record[2]}"
            return [(QueuePut if kind == "put" else QueueGot)(row, pid, t_ns, queue)]
        if kind == "task":
            if record[2] == "begin":
                return [TaskBegan(row, pid, t_ns, record[3])]
            return [TaskEnded(row, pid, t_ns, record[3], record[4])]
        if kind == "call":
            target = self.row_of(record[3]) or f"pid {record[3]}"
            seconds = float(record[4]) if record[4] is not None else None
            return [ProcessCall(row, pid, t_ns, record[2], target, record[3], seconds)]
        return []

    def _pipe(self, record: list) -> None:
        _, _, a, b, site = record
        name = f"Pipe@{site}"
        if a == b:  # one-way: both ends are one pipe
            self._pipe_ends[a] = (name, "", a)
        else:
            self._pipe_ends[a] = (name, "a", b)
            self._pipe_ends[b] = (name, "b", a)

    def _pipe_event(self, process: _Process, record: list) -> list[Event]:
        kind, t_ns, ino = record[0], record[1], record[2]
        end = self._pipe_ends.get(ino)
        if end is None:
            return []
        name, this, other = end
        if not this:
            channel = name
        elif kind == "send":
            channel = f"{name} {this}→{self._pipe_ends[other][1]}"
        else:
            channel = f"{name} {self._pipe_ends[other][1]}→{this}"
        counts = self._sent if kind == "send" else self._received
        seq = counts[channel] = counts.get(channel, 0) + 1
        event = PipeSent if kind == "send" else PipeReceived
        return [event(process.row, process.pid, t_ns, channel, seq)]

    def _finish(self, process: _Process, t_ns: int, exitcode: int | None) -> list[Event]:
        if process.exited:
            return []
        events: list[Event] = []
        if process.row is None:
            events += self._name(process, self._fallback_name(process))
        process.exited = True
        events.append(WorkerExited(process.row, process.pid, t_ns, exitcode))
        return events
