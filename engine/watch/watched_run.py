"""A watched script as a run: any Python program, one row per process it creates.

How data flows::

    WatchedRun.start() --> guard (engine.watch.guard: subreaper, own process group)
                              |  starts  python SCRIPT ARGS  with the agent on PYTHONPATH
                              v
    every Python process of the script: agent (engine/watch/agent) --JSON records over
        its own SOCK_SEQPACKET connection--> collector thread (report_collector.py)
    guard --"exit PID CODE" / "empty" lines--> collector thread
                              |  ProcessTable: records -> rows and events
                              v
    subscriber(list[Event])  -->  RunRecord  -->  window or command line

The run is over when the guard has no child left (every process of the
script is gone) and their connections have ended. ``stop()`` sends SIGTERM
to the script's process group and every watched process, waits the grace
period, then SIGKILL. If ProcLab itself dies, the guard's command pipe
ends and the guard kills what is left.

This module starts, signals, joins and stops; ``ReportCollector``
(report_collector.py) reads what comes back, so neither grows with the
other.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Sequence

from engine.model.events import Event, WorkerExited
from engine.model.run_contract import RunCapabilities, Subscriber
from engine.run.worker_slot import WorkerStatus

from . import protocol
from .interpreter import default_python
from .process_table import MAIN_NAME, ProcessTable
from .report_collector import ReportCollector

AGENT_DIR = Path(__file__).with_name("agent")
_PROJECT_ROOT = Path(__file__).resolve().parents[2]


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
        self.t0_ns = 0
        self._guard: subprocess.Popen | None = None
        self._thread: threading.Thread | None = None
        self._dir: str | None = None
        self._listener: socket.socket | None = None
        self._streams: dict[int, str] = {}
        self._captured = ""  #: the inodes of the pipes the script's output is captured in
        self._pids: dict[str, int] = {}  #: row -> pid
        self._stopping = False
        self._collector = ReportCollector(self._table, self._condition, self._command, self._emit,
                                          python=self.python, max_processes=max_processes)

    # -- the Run contract -----------------------------------------------------------

    @property
    def names(self) -> list[str]:
        with self._condition:
            return self._table.rows()

    @property
    def started(self) -> bool:
        return self._started

    @property
    def failure(self) -> str | None:
        """Why the run ended early (None: it did not). The collector finds it out."""
        return self._collector.failure

    @property
    def malformed(self) -> int:
        """How many records from the script's processes were dropped as malformed."""
        return self._collector.malformed

    @property
    def main_pid(self) -> int | None:
        return self._collector.main_pid

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
        live = {name: pid for name, pid in live.items() if pid in self._collector.said_hello}
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

    # -- the collector thread: ReportCollector reads; the run commands the guard and delivers --

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
        """The thread's body: the run has ended once the collector has read everything (or failed)."""
        try:
            self._collector.collect(self._listener, self._report, self._streams)
        finally:
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
        streams = getattr(self, "_streams", {})
        for fd in list(streams):
            try:
                os.close(fd)
            except OSError:
                pass
        streams.clear()  # emptied, not replaced: the collector reads this same dict
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
