"""Finding child processes and pipes that a test left behind."""
from __future__ import annotations

import os
from pathlib import Path

import psutil

# The start methods' own helpers live as long as the interpreter by design:
# the forkserver and the resource tracker. Their children are still checked.
#: Processes a test module started to outlive its tests (a Dask scheduler and
#: its workers' nannies, ``tests/dask_cluster.py``): these and their direct
#: children (a nanny's worker process) are allowed. What those start in turn
#: (a ProcLab worker under a Dask worker) is still checked.
ALLOWED_PIDS: set[int] = set()

_HELPER_MARKERS = ("multiprocessing.forkserver import main", "multiprocessing.resource_tracker import main")


def _has_helper_command(process: psutil.Process) -> bool:
    try:
        command = " ".join(process.cmdline())
    except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
        return False
    return any(marker in command for marker in _HELPER_MARKERS)


def _is_start_method_helper(process: psutil.Process) -> bool:
    """The forkserver or tracker itself, not a worker it forked: a forkserver's
    workers carry its exact command line, but their parent is the forkserver."""
    if not _has_helper_command(process):
        return False
    try:
        parent = process.parent()
    except (psutil.NoSuchProcess, psutil.ZombieProcess):
        return False
    return parent is None or not _has_helper_command(parent)


def leftover_children() -> list[psutil.Process]:
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() == psutil.STATUS_ZOMBIE and child.ppid() != os.getpid():
                continue  # an orphan's zombie, waiting for init: not alive
            if child.pid in ALLOWED_PIDS or child.ppid() in ALLOWED_PIDS:
                continue
        except psutil.NoSuchProcess:
            continue
        if not _is_start_method_helper(child):
            found.append(child)
    return found


def _forkserver_alive_fd() -> int | None:
    """The forkserver's "alive" pipe, which lives as long as the server: a
    test that kills the server leaves the next server's pipe, by design."""
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_alive_fd", None)


def open_pipes() -> set[str]:
    """``fd->pipe:[inode]`` (and sockets: duplex Pipes are socket pairs) of
    this process on Linux, but the forkserver's own; empty elsewhere."""
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.is_dir():
        return set()
    pipes = set()
    server_fd = _forkserver_alive_fd()
    for entry in fd_dir.iterdir():
        if entry.name == str(server_fd):
            continue
        try:
            target = os.readlink(entry)
        except OSError:
            continue
        if target.startswith(("pipe:", "socket:")):
            pipes.add(f"{entry.name}->{target}")
    return pipes
