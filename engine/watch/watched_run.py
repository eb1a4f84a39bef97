"""A watched script as a run: any Python program, one row per process it creates.

How data flows::

    WatchedRun.start() --> guard (engine.watch.guard: subreaper, own process group)
                              |  starts  python SCRIPT ARGS  with the agent on PYTHONPATH
                              v
    every Python process of the script: agent (engine/watch/agent) --JSON records over
        its own SOCK_SEQPACKET connection--> collector thread (this module)
    guard --"exit PID CODE" / "empty" lines--> collector thread
                              |  ProcessTable: records -> rows and events
                              v
    subscriber(list[Event])  -->  RunRecord  -->  window or command line

The run is over when the guard has no child left (every process of the
script is gone) and their connections have ended. ``stop()`` sends SIGTERM
to the script's process group and every watched process, waits the grace
period, then SIGKILL. If ProcLab itself dies, the guard's command pipe
ends and the guard kills what is left.
"""
from __future__ import annotations

import errno
import json
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Sequence

from engine.model.events import Event, OutputLine, WorkerExited
from engine.model.run_contract import RunCapabilities, Subscriber
from engine.run.worker_slot import WorkerStatus

from . import protocol
from .interpreter import default_python
from .process_table import MAIN_NAME, ProcessTable, check_record

AGENT_DIR = Path(__file__).with_name("agent")
_PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: How often names and exits that wait are looked at, and how long a poll may block.
TICK_SECONDS = 0.05
#: How long the run waits for connections to end once the guard has no child left.
DRAIN_SECONDS = 1.0
#: Packets read from one connection before the others get their turn.
PACKETS_PER_TURN = 256


class WatchedRun:
    capabilities = RunCapabilities(own_processes=True, can_signal=True, polls_processes=True,
                                   answers_pings=False, shared_lock=False)

    def __init__(self, script: Path, args: Sequence[str], deliver: Subscriber, *, python: str | None = None,
                 start_method: str | None = None, max_processes: int = 500, cwd: Path | None = None,
                 output: str = "capture", stdin_fd: int | None = None):
        """``output``: "capture" (the lines reach ProcLab only) or "tee" (the script's
        streams are ProcLab's own and the lines are also reported)."""
        self.script = Path(script).resolve()
        if not self.script.is_file():
            raise ValueError(f"{script}: no such script")
        self.args = list(args)
        self._deliver = deliver
        self.python = python or default_python()
        if not self.python:
            raise ValueError("no Python interpreter was found to run the script; choose one (3.10 to 3.13)")
        self.start_method = start_method or "the script's own"
        self._start_method = start_method
        self.max_processes = max_processes
        self.cwd = Path(cwd) if cwd else self.script.resolve().parent
        self._output, self._stdin_fd = output, stdin_fd
        self._table = ProcessTable(max_processes)
        self._exitcodes: dict[str, int | None] = {}
        self._condition = threading.Condition()
        self._ended = False
        self._started = False
        self.failure: str | None = None
        self.malformed = 0
        self.t0_ns = 0
        self.main_pid: int | None = None
        self._guard: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._dir: str | None = None
        self._listener: socket.socket | None = None
        self._streams: dict[int, str] = {}
        self._captured = ""  #: the inodes of the pipes the script's output is captured in
        self._pids: dict[str, int] = {}  #: row -> pid
        self._said_hello: set[int] = set()  #: pids that connected themselves (or the guard started)
        self._peers: dict[int, int | None] = {}  #: connection's descriptor -> pid of the process that connected
        self._stopping = False

    # -- the Run contract -----------------------------------------------------------

    @property
    def names(self) -> list[str]:
        with self._condition:
            return self._table.rows()

    @property
    def started(self) -> bool:
        return self._started

    def start(self, t0_ns: int | None = None) -> None:
        """Start the guard and the script; OSError or ValueError before anything runs."""
        self.t0_ns = t0_ns if t0_ns is not None else time.perf_counter_ns()
        self._dir = tempfile.mkdtemp(prefix="proclab-watch-")
        try:
            self._start()
        except BaseException:
            self._close_everything()
            raise
        self._started = True

    def _start(self) -> None:
        path = os.path.join(self._dir, "s")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._listener.bind(path)
        self._listener.listen(512)
        self._listener.setblocking(False)
        report_r, report_w = os.pipe()
        capture = [os.pipe(), os.pipe()] if self._output == "capture" else []
        # The script's stdin, at a number of its own in the guard: the guard's 0 is its command pipe.
        stdin = os.dup(self._stdin_fd) if self._stdin_fd is not None else None
        keep = [report_w] + ([stdin] if stdin is not None else [])
        try:
            self._guard = subprocess.Popen(
                [sys.executable, "-m", "engine.watch.guard"], stdin=subprocess.PIPE,
                stdout=capture[0][1] if capture else None, stderr=capture[1][1] if capture else None,
                pass_fds=keep, cwd=str(self.cwd), env=self._guard_env(), process_group=0)
        finally:
            for fd in [report_w, *(write_end for _, write_end in capture), *([stdin] if stdin is not None else [])]:
                os.close(fd)
        self._report = os.fdopen(report_r, "rb", buffering=0)
        self._streams = {read_end: name for (read_end, _), name in zip(capture, ("stdout", "stderr"))}
        self._captured = ",".join(str(os.fstat(read_end).st_ino) for read_end in self._streams)
        config = {"argv": [self.python, str(self.script), *self.args], "env": self._script_env(path),
                  "cwd": str(self.cwd), "report_fd": report_w, "stdin_fd": stdin, "remove": self._dir}
        self._command(json.dumps(config))
        self._thread = threading.Thread(target=self._collect, name="proclab-watch", daemon=True)
        self._thread.start()

    def _guard_env(self) -> dict:
        env = {key: value for key, value in os.environ.items() if not key.startswith("PROCLAB_WATCH")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(_PROJECT_ROOT), env.get("PYTHONPATH")]))
        return env

    def _script_env(self, socket_path: str) -> dict:
        env = {key: value for key, value in os.environ.items() if not key.startswith("PROCLAB_WATCH")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(AGENT_DIR), env.get("PYTHONPATH")]))
        env[protocol.SOCKET_ENV] = socket_path
        env[protocol.GUARD_PID_ENV] = str(self._guard.pid)
        env[protocol.OUTPUT_ENV] = self._output
        if self._output == "capture":
            env[protocol.CAPTURED_ENV] = self._captured
        if self._start_method:
            env[protocol.START_METHOD_ENV] = self._start_method
        return env

    def join(self, names: Sequence[str] | None = None, timeout: float | None = None) -> list[str]:
        """Wait until the named processes (default: the whole script) have ended."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._condition:
            while True:
                waiting = self._unended(names)
                if not waiting:
                    return []
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return waiting
                self._condition.wait(left if left is not None else 0.5)

    def _unended(self, names: Sequence[str] | None) -> list[str]:
        if names is None:
            return [] if self._ended else (self._table.rows() or [MAIN_NAME])
        return [name for name in names if name not in self._exitcodes and not self._ended]

    def all_ended(self) -> bool:
        return self._ended

    def terminate(self, names: Sequence[str] | None = None) -> list[str]:
        return self._signal(names, signal.SIGTERM)

    def kill(self, names: Sequence[str] | None = None) -> list[str]:
        return self._signal(names, signal.SIGKILL)

    def _signal(self, names: Sequence[str] | None, sig: int) -> list[str]:
        with self._condition:
            live = self._table.live_pids()
        # Only a process that said hello itself: a record naming some other pid
        # (a "start" anyone can send) must never aim a signal at it.
        live = {name: pid for name, pid in live.items() if pid in self._said_hello}
        chosen = [name for name in (names if names is not None else live) if name in live]
        for name in chosen:
            try:
                os.kill(live[name], sig)
            except OSError:
                pass
        return chosen

    def stop(self, grace: float = 1.0) -> None:
        """End the whole script (SIGTERM, ``grace`` seconds, SIGKILL) and close everything."""
        if self._started and not self._ended:
            self._stopping = True
            self._command(f"signal {int(signal.SIGTERM)}")
            if self.join(timeout=grace):
                self._command(f"signal {int(signal.SIGKILL)}")
                self.join(timeout=5.0)
        self._close_everything()

    def statuses(self, block: bool = True) -> list[WorkerStatus]:
        with self._condition:
            live = self._table.live_pids()
            rows = [(row, self._table_pid(row)) for row in self._table.rows()]
            codes = dict(self._exitcodes)
        return [WorkerStatus(row, pid, row in live, codes.get(row)) for row, pid in rows]

    def _table_pid(self, row: str) -> int | None:
        return self._pids.get(row)

    def active_children_count(self, block: bool = True) -> int:
        with self._condition:
            return len(self._table.live_pids())

    def release_abandoned_lock(self) -> bool:
        return False

    def pong(self, worker: str, seq: int) -> None:
        pass

    # -- the collector thread ---------------------------------------------------------------

    def _command(self, line: str) -> None:
        guard = self._guard
        if guard is None or guard.stdin is None:
            return
        try:
            guard.stdin.write(line.encode() + b"\n")
            guard.stdin.flush()
        except (OSError, ValueError):  # the guard is gone
            pass

    def _collect(self) -> None:
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
            with self._condition:
                self._ended = True
                self._condition.notify_all()

    def _emit(self, events: list[Event]) -> None:
        if not events:
            return
        with self._condition:
            for event in events:
                if isinstance(event, WorkerExited):
                    self._exitcodes[event.worker] = event.exitcode
                    self._command(f"forget {event.pid}")
                elif event.pid is not None and event.worker not in self._pids:
                    self._pids[event.worker] = event.pid
            self._condition.notify_all()
        self._deliver(events)

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
                self._said_hello.add(pid)
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
            self._said_hello.add(self.main_pid)
        elif words[0] == "exit" and len(words) == 3:
            with self._condition:
                events += self._table.reaped(int(words[1]), int(words[2]), time.perf_counter_ns())
        elif words[0] == "error":
            self.failure = f"cannot run {self.python}: {line[6:]}"
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
        self.failure = (f"the script started more than {self.max_processes} processes; "
                        "it was stopped (the limit is a setting)")
        self._command(f"signal {int(signal.SIGTERM)}")
        timer = threading.Timer(1.0, self._command, [f"signal {int(signal.SIGKILL)}"])
        timer.daemon = True
        timer.start()

    def _kill_known(self) -> list[Event]:
        with self._condition:
            pids = [pid for pid in self._table.pids() if pid in self._said_hello]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return []

    def _close_everything(self) -> None:
        guard = self._guard
        if guard is not None:
            if guard.stdin is not None:
                try:
                    guard.stdin.close()  # the guard kills what is left, reaps and exits
                except OSError:
                    pass
            try:
                guard.wait(timeout=5)
            except subprocess.TimeoutExpired:
                guard.kill()
                guard.wait()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        for closing in (getattr(self, "_report", None), self._listener):
            if closing is not None:
                try:
                    closing.close()
                except OSError:
                    pass
        for fd in list(getattr(self, "_streams", {})):
            try:
                os.close(fd)
            except OSError:
                pass
        self._streams = {}
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


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
