"""No process outlives ProcLab: not when the window is closed mid-run, not
when the GUI process itself is SIGKILLed, under every start method."""
import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from engine import WorkerSpec
from tests.gui.conftest import RUN_TIMEOUT_MS

# The window's fixtures, shared with tests/gui (isolated_settings is autouse there and here).

ROOT = Path(__file__).resolve().parents[2]
GONE_WITHIN_S = 5


def descendants() -> dict[int, psutil.Process]:
    """Every live or zombie process under this one, by pid."""
    return {child.pid: child for child in psutil.Process().children(recursive=True)}


def still_there(processes) -> list[str]:
    """Those of ``processes`` that exist, zombies included (a zombie is not gone)."""
    found = []
    for process in processes:
        try:
            if process.is_running():  # same pid *and* creation time: not a reused pid
                found.append(f"{process.pid} {process.status()} {' '.join(process.cmdline())[:80]!r}")
        except (psutil.NoSuchProcess, psutil.ZombieProcess) as error:
            if isinstance(error, psutil.ZombieProcess):
                found.append(f"{process.pid} zombie")
    return found


def wait_gone(processes, timeout=GONE_WITHIN_S) -> tuple[list[str], float]:
    """Polls (never reaps: a zombie child must stay visible) until every process
    is gone or ``timeout`` passes; returns what is left and the seconds taken."""
    start = time.monotonic()
    while True:
        left = still_there(processes)
        elapsed = time.monotonic() - start
        if not left or elapsed > timeout:
            return left, elapsed
        time.sleep(0.02)  # a poll interval, not synchronisation: the deadline decides


def zombie_children() -> list[int]:
    zombies = []
    for child in psutil.Process().children(recursive=True):
        try:
            if child.status() == psutil.STATUS_ZOMBIE:
                zombies.append(child.pid)
        except psutil.NoSuchProcess:
            pass
    return zombies


# -- 4. the window closed mid-run ---------------------------------------------


def test_closing_the_window_mid_run_leaves_no_process_and_no_zombie(window, qtbot, dialogs, start_method):
    # Helpers that multiprocessing keeps for the whole interpreter (forkserver,
    # resource tracker) exist before the run and are excluded by pid, not by
    # command line: a forkserver's workers carry the forkserver's command line.
    before = descendants()
    window.set_start_method(start_method)
    names = [f"w{i}" for i in range(4)]
    window.model.set_specs([WorkerSpec(name, 60) for name in names])
    window.start_run()

    def all_started():
        assert window.record is not None
        assert all(window.record.workers[name].start_s is not None for name in names)

    qtbot.waitUntil(all_started, timeout=RUN_TIMEOUT_MS)
    assert window.bridge.session.start_method == start_method
    run_processes = [process for pid, process in descendants().items() if pid not in before]
    worker_pids = {window.record.workers[name].pid for name in names}
    assert worker_pids <= {process.pid for process in run_processes}

    dialogs.answer = True
    closed_at = time.monotonic()
    assert window.close()
    close_s = time.monotonic() - closed_at
    left, waited = wait_gone(run_processes)
    print(f"\n{start_method}: close() {close_s:.2f} s, then every run process gone {waited:.2f} s later")
    assert not left, f"still there {GONE_WITHIN_S} s after close: {left}"
    assert zombie_children() == []
    assert "4 worker processes are still running" in dialogs.questions[-1]


# -- 5. the GUI process killed with SIGKILL -----------------------------------


def read_line(stream, timeout) -> str:
    """One line from a child's stdout, or "" after ``timeout`` seconds."""
    selector = selectors.DefaultSelector()
    selector.register(stream, selectors.EVENT_READ)
    try:
        if selector.select(timeout):
            return stream.readline()
        return ""
    finally:
        selector.close()


def test_sigkilled_gui_leaves_no_worker_behind(tmp_path, start_method):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    gui = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.gui_parent", start_method, str(tmp_path / "proclab.ini")],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = read_line(gui.stdout, timeout=60)
        stderr = gui.stderr.read() if gui.poll() is not None else ""
        assert line, f"the GUI never reported its workers; stderr: {stderr}"
        report = json.loads(line)
        assert report["method"] == start_method
        pids = report["pids"]
        assert len(pids) == 3
        workers = [psutil.Process(pid) for pid in pids]  # before the kill: is_running() then spots pid reuse
        assert all(worker.is_running() for worker in workers)
        helpers = [p for p in psutil.Process(gui.pid).children(recursive=True) if p.pid not in pids]
    finally:
        gui.send_signal(signal.SIGKILL)
        gui.wait(timeout=10)
        gui.stdout.close()
        gui.stderr.close()
    assert gui.returncode == -signal.SIGKILL

    left, waited = wait_gone(workers)
    print(f"\n{start_method}: workers gone {waited:.2f} s after the GUI was SIGKILLed")
    assert not left, f"workers alive {GONE_WITHIN_S} s after the GUI was killed: {left}"
    # The GUI's own multiprocessing helpers (its forkserver, its resource tracker) must not linger either.
    left_helpers, _ = wait_gone(helpers)
    assert not left_helpers, f"helpers of the killed GUI still there: {left_helpers}"
    assert zombie_children() == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's SIGIO on EOF is Linux's")
def test_a_worker_stuck_in_c_code_dies_with_its_killed_parent(start_method):
    parent = subprocess.Popen([sys.executable, "-m", "tests.reliability.stuck_parent", start_method],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = read_line(parent.stdout, timeout=60)
        assert line, "the parent never reported its worker"
        worker = psutil.Process(json.loads(line))
        assert worker.cpu_percent(interval=1.0) > 20  # stuck for real: busy in C, not waiting (1 s: steady under load)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        parent.stdout.close()
    left, waited = wait_gone([worker], timeout=2)
    if left:
        worker.kill()
    assert not left, f"a worker stuck in C code outlived its killed parent under {start_method}: {left}"
