"""Workers that outlive the forkserver which started them.

Under forkserver a worker is the server's child, not ours: the server
reaps it and writes its exit status to the pipe that is the worker's
``sentinel``. If the server dies (SIGKILL, out of processes or
descriptors), every sentinel reaches EOF at once and ``multiprocessing``
reports exit code 255 for each worker, running or not. Three things keep
the truth:

* **Who is gone.** A 255 means "the server said nothing" if the worker's
  process still exists (a server reaps a worker before it reports its
  status, so a worker that really exited with 255 is gone by then), or if
  the server that started it is dead: ``server_gone(pid)`` asks the kernel
  without reaping it (``multiprocessing`` reaps it itself when it starts
  the next server). Both, because a dying server closes its pipes before
  the kernel shows it dead.
* **Their real exit codes.** The session's process is a child subreaper
  (Linux ``PR_SET_CHILD_SUBREAPER``) while a forkserver session runs, so
  the orphaned workers become its children and ``wait_orphan(pid)`` reads
  their status from ``waitpid`` once their pipe says they have ended.
* **They stay alive.** A worker ends when the "alive" pipe that ties it to
  the program reaches EOF (its parent watch). ``multiprocessing`` closes
  that pipe's write end when it starts a new server, which would end every
  worker of the old one: ``Lifelines`` keeps a copy of each server's end
  until the session closes.
"""
from __future__ import annotations

import os
import sys
import threading
import time

_PR_SET_CHILD_SUBREAPER = 36
_subreaper_lock = threading.Lock()
_subreaper_users = 0


def current_server() -> tuple[int | None, int | None]:
    """(pid, write end of the "alive" pipe) of this program's forkserver, if running."""
    from multiprocessing import forkserver

    server = forkserver._forkserver  # noqa: SLF001 - the only record of them
    return server._forkserver_pid, server._forkserver_alive_fd


def server_gone(pid: int | None) -> bool:
    """Whether the forkserver ``pid`` has ended (reaped or not); False if unknown."""
    if pid is None or not hasattr(os, "waitid"):
        return False
    try:
        # WNOWAIT: look, do not reap; multiprocessing reaps it (ensure_running).
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:  # reaped already: multiprocessing started the next server
        return True


def lost_by_server(worker_pid: int | None, server_pid: int | None) -> bool:
    """Whether a forkserver worker reported as 255 may in truth still run."""
    if worker_pid is None:
        return False
    return _exists(worker_pid) or server_gone(server_pid)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def become_subreaper() -> bool:
    """While a forkserver session runs, adopt the workers of a server that dies.

    Counted: the flag is cleared when the last user calls ``stop_subreaper()``.
    False where the kernel has no such thing (then a lost worker's exit
    code stays unknown).
    """
    global _subreaper_users
    if not sys.platform.startswith("linux"):
        return False
    with _subreaper_lock:
        if _subreaper_users == 0 and not _prctl_subreaper(1):
            return False
        _subreaper_users += 1
    return True


def stop_subreaper() -> None:
    global _subreaper_users
    with _subreaper_lock:
        _subreaper_users -= 1
        if _subreaper_users == 0:
            _prctl_subreaper(0)


def _prctl_subreaper(on: int) -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, on, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def wait_orphan(pid: int, timeout: float = 5.0) -> int | None:
    """The exit code (as ``Process.exitcode`` gives it) of an adopted worker.

    Called once its pipe has reached EOF, so it is ending; the kernel hands
    it over to us only after it has closed its descriptors, hence the short
    wait. None if it never became ours (no subreaper), was reaped by its
    server just before the server died, or did not end in time.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            if not _exists(pid):
                return None  # reaped by someone else: its code is gone with the server
            done, status = 0, None  # not ours yet: the kernel has not handed it over
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.005)


def signal_orphan(pid: int, signum: int) -> None:
    """``terminate()``/``kill()`` for a worker whose ``Process`` says it is gone.

    Safe while the worker is not reaped: as a subreaper's unreaped child
    its pid cannot be given to another process.
    """
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


class Lifelines:
    """A copy of each forkserver's "alive" pipe end that workers depend on."""

    def __init__(self):
        self._held: dict[tuple[int, int], int] = {}  # (st_dev, st_ino) -> our duplicate

    def hold_current(self) -> None:
        """Call after each start: keeps the current server's end open for its workers."""
        _, fd = current_server()
        if fd is None:
            return
        try:
            info = os.fstat(fd)
        except OSError:
            return
        key = (info.st_dev, info.st_ino)
        if key not in self._held:
            self._held[key] = os.dup(fd)

    def close(self) -> None:
        for fd in self._held.values():
            os.close(fd)
        self._held.clear()
