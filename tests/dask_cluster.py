"""A real Dask cluster on 127.0.0.1 for tests: ``dask scheduler`` and ``dask worker`` processes.

Each process is started with PR_SET_PDEATHSIG (it dies if the test run
dies), bounded by ``--idle-timeout`` / ``--death-timeout``, and stopped by
pid: SIGTERM, then SIGKILL. The leak check allows these processes (and
the start-method helpers they start), never a ProcLab worker under them.
"""
from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from tests.leak_check import ALLOWED_PIDS

DASK = str(Path(sys.executable).with_name("dask"))
#: Longest a scheduler or worker of the tests may live without work or a scheduler.
IDLE_SECONDS = 300
STARTUP_SECONDS = 60


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _start(arguments: list[str], log: Path, config: dict[str, str]) -> subprocess.Popen:
    with open(log, "ab") as out:
        process = subprocess.Popen([DASK, *arguments], stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent,
                                   cwd=Path(__file__).resolve().parent.parent, env={**os.environ, **config})
    ALLOWED_PIDS.add(process.pid)
    return process


class DaskCluster:
    """``dask scheduler`` and ``workers`` × ``dask worker`` (one thread each, with a nanny)."""

    def __init__(self, workers: int = 2, config: dict[str, str] | None = None):
        """``config``: Dask settings as environment variables (DASK_DISTRIBUTED__...), for every process."""
        self._config = dict(config or {})
        self._folder = tempfile.TemporaryDirectory(prefix="proclab-dask-")
        folder = Path(self._folder.name)
        self.log = folder / "dask.log"
        scheduler_file = folder / "scheduler.json"
        self.scheduler = _start(["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                 "--scheduler-file", str(scheduler_file),
                                 "--idle-timeout", f"{IDLE_SECONDS}s"], self.log, self._config)
        self.workers: list[subprocess.Popen] = []
        try:
            self.address = self._wait_for_address(scheduler_file)
            for index in range(workers):
                self.add_worker(f"w{index}")
            self.wait_for_workers(workers)
        except BaseException:
            self.stop()
            raise

    def _wait_for_address(self, scheduler_file: Path) -> str:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.scheduler.poll() is not None:
                raise RuntimeError(f"dask scheduler exited: {self.log.read_text()}")
            try:
                return json.loads(scheduler_file.read_text())["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.05)
        raise RuntimeError(f"dask scheduler did not start: {self.log.read_text()}")

    def add_worker(self, name: str) -> subprocess.Popen:
        worker = _start(["worker", self.address, "--host", "127.0.0.1", "--nthreads", "1", "--name", name,
                         "--no-dashboard", "--death-timeout", f"{IDLE_SECONDS}s"], self.log, self._config)
        self.workers.append(worker)
        return worker

    def wait_for_workers(self, count: int) -> None:
        import distributed

        with distributed.Client(self.address, timeout=STARTUP_SECONDS, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=STARTUP_SECONDS)

    def processes(self) -> list[psutil.Process]:
        """Every process of the cluster: scheduler, nannies, their worker processes."""
        found = []
        for popen in (self.scheduler, *self.workers):
            try:
                process = psutil.Process(popen.pid)
                found.append(process)
                found += process.children(recursive=True)
            except psutil.NoSuchProcess:
                pass
        return found

    def stop(self) -> None:
        for process in (*self.workers, self.scheduler):
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in (*self.workers, self.scheduler):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            ALLOWED_PIDS.discard(process.pid)
        self._folder.cleanup()
