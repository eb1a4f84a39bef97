"""The guard: starts a watched script, reaps what it leaves, and ends it if ProcLab dies.

Run by ProcLab as ``python -m engine.watch.guard`` with a command pipe on
stdin. It reads one JSON line (argv, env, cwd, report_fd, stdin_fd,
remove), makes itself a child subreaper, so every orphaned process of the
script becomes its child and its real exit code is known, and starts the
script in a process group of its own. It reports on ``report_fd``, a line
each::

    started PID | exit PID EXITCODE | empty | error TEXT

and takes commands on stdin, a line each::

    watch PID | forget PID | signal SIG [PID]

``signal SIG`` alone goes to the script's process group, to every
watched pid outside it and to every other process below the guard. When
stdin ends (ProcLab stopped or was killed) every process of the script is
killed, reaped, and the guard exits once it has no child left, removing
the folder ``remove`` names (the socket's, which a killed ProcLab cannot
remove). Standard library only.
"""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36


def _subreaper() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: orphans go to init, their codes are lost
        pass


class Guard:
    def __init__(self, report) -> None:
        self._report = report
        self._report_lock = threading.Lock()
        self._watched: set[int] = set()
        self._group: int | None = None
        self._lock = threading.Lock()

    def say(self, line: str) -> None:
        with self._report_lock:
            try:
                self._report.write(line + "\n")
                self._report.flush()
            except (OSError, ValueError):  # ProcLab is gone; the commands' end says so too
                pass

    def start(self, config: dict) -> int | None:
        stdin_fd = config.get("stdin_fd")
        try:
            child = subprocess.Popen(
                config["argv"], env=config["env"], cwd=config.get("cwd"), preexec_fn=os.setpgrp,
                stdin=stdin_fd if stdin_fd is not None else subprocess.DEVNULL, close_fds=True)
        except (OSError, ValueError) as error:
            self.say("error " + (getattr(error, "strerror", None) or str(error)).replace("\n", " "))
            return None
        self._child = child  # kept: the Popen object must not try to reap it
        with self._lock:
            self._group = child.pid
            self._watched.add(child.pid)
        self.say(f"started {child.pid}")
        return child.pid

    def signal(self, sig: int, pid: int | None = None) -> None:
        with self._lock:
            group, watched = self._group, set(self._watched)
        if pid is not None:
            if pid in watched:
                _quietly(os.kill, pid, sig)
            return
        if group is not None:
            _quietly(os.killpg, group, sig)
        for each in watched:
            try:
                if os.getpgid(each) != group:
                    os.kill(each, sig)
            except OSError:
                pass
        for each in _descendants(os.getpid()):  # what left the group, or never said hello
            _quietly(os.kill, each, sig)

    def read_commands(self) -> None:
        for line in sys.stdin:
            words = line.split()
            try:
                if words[0] == "watch":
                    with self._lock:
                        self._watched.add(int(words[1]))
                elif words[0] == "forget":
                    with self._lock:
                        self._watched.discard(int(words[1]))
                elif words[0] == "signal":
                    self.signal(int(words[1]), int(words[2]) if len(words) > 2 else None)
            except (IndexError, ValueError):
                pass
        # ProcLab is gone: nothing of the script outlives it, not even what a
        # dying process forked between one pass and the next.
        for _ in range(20):
            self.signal(signal.SIGKILL)
            if not _descendants(os.getpid()):
                break
            time.sleep(0.05)

    def reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                self.say("empty")
                return
            except InterruptedError:
                continue
            try:
                code = os.waitstatus_to_exitcode(status)
            except ValueError:
                continue
            with self._lock:
                self._watched.discard(pid)
            self.say(f"exit {pid} {code}")


def _descendants(root: int) -> list[int]:
    """Every live process below ``root``, from /proc (Linux; elsewhere none). Below the
    guard, a subreaper, is every process of the script, whatever its group or session."""
    try:
        entries = [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except OSError:
        return []
    children: dict[int, list[int]] = {}
    for entry in entries:
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()  # after "pid (name)": state ppid ...
        except (OSError, IndexError):
            continue
        if fields and fields[0] != b"Z":
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, below = [], [root]
    while below:
        for child in children.get(below.pop(), ()):
            found.append(child)
            below.append(child)
    return found


def _quietly(call, *args) -> None:
    try:
        call(*args)
    except OSError:
        pass


def main() -> int:
    config = json.loads(sys.stdin.readline())
    try:
        return _run(config)
    finally:  # ProcLab removes it too, unless it was killed
        if config.get("remove"):
            shutil.rmtree(config["remove"], ignore_errors=True)


def _run(config: dict) -> int:
    report = os.fdopen(config["report_fd"], "w", encoding="utf-8")
    _subreaper()
    guard = Guard(report)
    if guard.start(config) is None:
        return 1
    threading.Thread(target=guard.read_commands, name="proclab-guard-commands", daemon=True).start()
    guard.reap()
    return 0


if __name__ == "__main__":
    os._exit(main())
