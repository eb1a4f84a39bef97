"""The collector of a watched run: what the script's processes and the guard send, read into events.

How data flows::

    agent of each Python process --JSON records, a connection each--+
    guard --"started" / "exit PID CODE" / "empty" / "error" lines---+--> ReportCollector.collect()
    the script's captured stdout and stderr --lines-----------------+    (one epoll, the run's one thread)
                                                                           |  ProcessTable: records -> events
                                                                           v
        emit(list[Event]) --> WatchedRun        command(line) --> guard (watch, forget, signal)

It is apart from ``WatchedRun`` (watched_run.py) because reading is one
job and running is another: ``WatchedRun`` starts the guard, opens the
socket and the pipes, answers join, signals and statuses, and closes
everything. The collector reads what they carry until the script is
gone, and never starts or joins anything. What it finds out (``failure``,
``malformed``, ``main_pid``, ``said_hello``) it writes here, and
``WatchedRun`` reads it from here.
"""
from __future__ import annotations

import errno
import json
import os
import select
import signal
import socket
import struct
import threading
import time
from typing import BinaryIO, Callable

from engine.model.events import Event, OutputLine

from . import protocol
from .process_table import MAIN_NAME, ProcessTable, check_record

#: How often names and exits that wait are looked at, and how long a poll may block.
TICK_SECONDS = 0.05
#: How long the run waits for connections to end once the guard has no child left.
DRAIN_SECONDS = 1.0
#: Packets read from one connection before the others get their turn.
PACKETS_PER_TURN = 256


class ReportCollector:
    """Reads the report socket, the guard's report pipe and the script's streams, on the run's thread.

    ``table`` and ``condition`` are the run's: the table is only touched
    with the condition held, as ``WatchedRun`` reads it too. ``command``
    sends a line to the guard; ``emit`` hands each batch of events on.
    """

    def __init__(self, table: ProcessTable, condition: threading.Condition, command: Callable[[str], None],
                 emit: Callable[[list[Event]], None], *, python: str, max_processes: int):
        self._table, self._condition = table, condition
        self._command, self._emit = command, emit
        self._python, self._max_processes = python, max_processes
        self.failure: str | None = None
        self.malformed = 0
        self.main_pid: int | None = None
        self.said_hello: set[int] = set()  #: pids that connected themselves (or the guard started)
        self._peers: dict[int, int | None] = {}  #: connection's descriptor -> pid of the process that connected
        self._listener: socket.socket | None = None
        self._report: BinaryIO | None = None
        self._streams: dict[int, str] = {}

    def collect(self, listener: socket.socket, report: BinaryIO, streams: dict[int, str]) -> None:
        """Read until the script is gone. ``streams`` (read end -> "stdout" or "stderr") is
        the run's own dict: a stream that ends is closed and taken out of it here."""
        self._listener, self._report, self._streams = listener, report, streams
        poller = select.epoll()
        connections: dict[int, socket.socket] = {}
        pids: dict[int, int | None] = {}  # connection's descriptor -> its process's pid
        poller.register(self._listener.fileno(), select.EPOLLIN)
        poller.register(self._report.fileno(), select.EPOLLIN)
        for fd in self._streams:
            poller.register(fd, select.EPOLLIN)
        partial = {fd: b"" for fd in self._streams}
        report_buffer = b""
        guard_empty_at = None
        last_tick = time.perf_counter_ns()
        try:
            while True:
                events: list[Event] = []
                for fd, _mask in poller.poll(TICK_SECONDS):
                    if fd == self._listener.fileno():
                        self._accept(poller, connections, pids)
                    elif fd in connections:
                        events += self._read_connection(poller, connections, pids, fd)
                    elif fd == self._report.fileno():
                        data = _read_some(fd)
                        if not data:
                            poller.unregister(fd)
                            if guard_empty_at is None:  # the guard died without saying the script ended
                                self.failure = self.failure or "the guard process ended unexpectedly"
                                events += self._kill_known()
                                guard_empty_at = time.perf_counter_ns()
                        report_buffer += data
                        *lines, report_buffer = report_buffer.split(b"\n")
                        for line in lines:
                            if self._on_report(line.decode(errors="replace"), events):
                                guard_empty_at = time.perf_counter_ns()
                    elif fd in self._streams:
                        events += self._read_stream(poller, fd, partial)
                now = time.perf_counter_ns()
                if now - last_tick >= TICK_SECONDS * 1e9:
                    last_tick = now
                    with self._condition:
                        events += self._table.tick(now)
                    if self._table.too_many and self.failure is None:
                        self._too_many()
                if guard_empty_at is not None and not connections:
                    # What connected after the poll that brought the guard's "empty"
                    # (the collector may have read that much later): not yet seen.
                    self._accept(poller, connections, pids)
                ending = guard_empty_at is not None and (
                    not connections or now - guard_empty_at > DRAIN_SECONDS * 1e9)
                if ending:
                    for fd in list(partial):
                        events += self._read_stream(poller, fd, partial, final=True)
                    with self._condition:
                        events += self._table.finish_all(now)
                self._emit(events)
                if ending:
                    break
        except Exception as error:  # the run ends with the reason, and nothing is left running
            self.failure = self.failure or f"the watch collector stopped: {error!r}"
            self._command(f"signal {int(signal.SIGKILL)}")
            with self._condition:
                self._emit(self._table.finish_all(time.perf_counter_ns()))
        finally:
            for conn in connections.values():
                conn.close()
            poller.close()

    def _accept(self, poller, connections, pids) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                if error.errno in (errno.EMFILE, errno.ENFILE):  # out of descriptors: that process goes unwatched
                    return
                raise
            conn.setblocking(False)
            connections[conn.fileno()] = conn
            pids[conn.fileno()] = None
            self._peers[conn.fileno()] = _peer_pid(conn)
            poller.register(conn.fileno(), select.EPOLLIN)

    def _read_connection(self, poller, connections, pids, fd) -> list[Event]:
        conn, events = connections[fd], []
        now = time.perf_counter_ns()
        for _ in range(PACKETS_PER_TURN):
            try:
                data = conn.recv(protocol.MAX_RECORD_BYTES + 1)
            except (BlockingIOError, InterruptedError):
                return events
            except OSError:
                data = b""
            if not data:  # the process is gone (or closed our socket)
                poller.unregister(fd)
                conn.close()
                del connections[fd]
                pid = pids.pop(fd)
                self._peers.pop(fd, None)
                if pid is not None:
                    with self._condition:
                        events += self._table.closed(pid, now)
                return events
            events += self._record(fds=pids, fd=fd, data=data, now=now)
        return events

    def _record(self, fds, fd, data: bytes, now: int) -> list[Event]:
        pid = fds[fd]
        if len(data) > protocol.MAX_RECORD_BYTES:
            return self._malformed(pid, "longer than 65536 bytes")
        try:
            record = json.loads(data)
        except (ValueError, RecursionError):  # RecursionError: arrays nested too deep to parse
            return self._malformed(pid, "not JSON")
        problem = check_record(record)
        if problem is None and (pid is None) != (record[0] == "hello"):
            problem = "hello expected first, and only first"
        if problem is None and pid is None and self._peers.get(fd) not in (None, record[2]):
            problem = f"hello says pid {record[2]}, but pid {self._peers[fd]} sent it"
        if problem is not None:
            return self._malformed(pid, problem)
        with self._condition:
            if pid is None:
                pid, events = self._table.hello(record, now)
                fds[fd] = pid
                self.said_hello.add(pid)
                if record[5] == "main":
                    self.main_pid = pid
                self._command(f"watch {pid}")
                return events
            return self._table.feed(pid, record, now)

    def _malformed(self, pid: int | None, why: str) -> list[Event]:
        self.malformed += 1
        if self.malformed > 1:
            return []
        row = (self._table.row_of(pid) if pid is not None else None) or MAIN_NAME
        return [OutputLine(row, None, time.perf_counter_ns(),
                           f"proclab: dropped a malformed record from pid {pid} ({why}); "
                           "later ones are counted, not shown", "stderr")]

    def _on_report(self, line: str, events: list) -> bool:
        """One line from the guard; True when the script has no process left."""
        words = line.split(" ", 2)
        if words[0] == "started":
            self.main_pid = int(words[1])
            self.said_hello.add(self.main_pid)
        elif words[0] == "exit" and len(words) == 3:
            with self._condition:
                events += self._table.reaped(int(words[1]), int(words[2]), time.perf_counter_ns())
        elif words[0] == "error":
            self.failure = f"cannot run {self._python}: {line[6:]}"
            events.append(OutputLine(MAIN_NAME, None, time.perf_counter_ns(), f"proclab: {self.failure}", "stderr"))
        return words[0] in ("empty", "error")

    def _read_stream(self, poller, fd, partial, final=False) -> list[Event]:
        """Lines of output no Python process of the script reported (C code, other programs)."""
        stream = self._streams[fd]
        data = _read_rest(fd) if final else _read_some(fd)  # final: what is left once the script is gone
        lines = []
        if data:
            *lines, partial[fd] = (partial[fd] + data).split(b"\n")
        if final or not data:  # its end: the last line, and the pipe is closed
            poller.unregister(fd)
            rest = partial.pop(fd)
            del self._streams[fd]
            os.close(fd)
            lines += [rest] if rest else []
        with self._condition:
            row = self._table.row_of(self.main_pid) if self.main_pid else None
        now = time.perf_counter_ns()
        return [OutputLine(row or MAIN_NAME, self.main_pid, now, line.decode(errors="replace").rstrip("\r"),
                           stream) for line in lines]

    def _too_many(self) -> None:
        self.failure = (f"the script started more than {self._max_processes} processes; "
                        "it was stopped (the limit is a setting)")
        self._command(f"signal {int(signal.SIGTERM)}")
        timer = threading.Timer(1.0, self._command, [f"signal {int(signal.SIGKILL)}"])
        timer.daemon = True
        timer.start()

    def _kill_known(self) -> list[Event]:
        with self._condition:
            pids = [pid for pid in self._table.pids() if pid in self.said_hello]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return []


def _peer_pid(conn: socket.socket) -> int | None:
    """The pid of the process at the other end, as the kernel knows it (Linux); None elsewhere."""
    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except (AttributeError, OSError):
        return None
    return struct.unpack("3i", creds)[0]


def _read_rest(fd: int) -> bytes:
    """All the pipe holds now, without waiting for a writer."""
    data = b""
    while select.select([fd], [], [], 0)[0]:
        chunk = _read_some(fd)
        if not chunk:
            break
        data += chunk
    return data


def _read_some(fd: int) -> bytes:
    """What the pipe holds (epoll said it is readable); b"" at its end."""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""
