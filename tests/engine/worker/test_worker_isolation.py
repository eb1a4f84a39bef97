"""Workers carry no Qt, and do not outlive the program that started them."""
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from engine import Session, WorkerSpec
from engine.model.start_methods import SAFE_METHODS, available_start_methods, default_start_method
from tests.engine.recorder import Recorder

ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "numpy", "gui")
safe_methods = [m for m in SAFE_METHODS if m in available_start_methods()]


def test_worker_module_alone_pulls_in_no_qt_or_numpy():
    code = (
        "import sys, engine.worker.worker_main;"
        f"print([m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads /proc/PID/maps (Linux)")
@pytest.mark.parametrize("method", safe_methods)
def test_running_worker_has_no_qt_or_numpy_loaded(method):
    import numpy  # noqa: F401  the parent has them loaded, as the window does
    import PySide6.QtCore  # noqa: F401

    recorder = Recorder()
    with Session([WorkerSpec("w", 60)], recorder, start_method=method) as session:
        session.start()
        pid = recorder.wait_for_kind("start", "w").pid
        worker_maps = Path(f"/proc/{pid}/maps").read_text()
        parent_maps = Path("/proc/self/maps").read_text()
    for library in ("libQt6Core", "libpyside6", "_multiarray_umath"):
        assert library in parent_maps, f"the check would not see {library}"
        assert library not in worker_maps, f"worker under {method} loaded {library}"


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("method", sorted(set(available_start_methods()) | {default_start_method()}))
def test_workers_die_when_their_parent_is_sigkilled(method):
    parent = subprocess.Popen(
        [sys.executable, "-m", "tests.engine.orphan_parent", method, "3"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        pids = json.loads(parent.stdout.readline())
        assert len(pids) == 3 and all(_alive(pid) for pid in pids)
    finally:
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        parent.stdout.close()
    survivors = [psutil.Process(pid) for pid in pids if _alive(pid)]
    gone, alive = psutil.wait_procs(survivors, timeout=5)
    alive = [p for p in alive if _alive(p.pid)]
    for process in alive:  # do not leak them into the machine
        process.kill()
    assert alive == [], f"workers outlived their SIGKILLed parent under {method}"


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc (Linux)")
@pytest.mark.parametrize("method", safe_methods)
def test_workers_that_cannot_start_are_reported_and_the_rest_run(method):
    """Out of file descriptors: a real EMFILE, not a simulated one."""
    result = subprocess.run([sys.executable, "-m", "tests.engine.start_failure_parent", method],
                            cwd=ROOT, capture_output=True, text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["still_running"] == []
    exits = dict(report["exits"])
    assert len(report["exits"]) == 12 == len(exits)  # one exit each, none lost, none twice
    failed = [name for name, code in exits.items() if code is None]
    assert failed, "the limit should leave some workers without descriptors"
    assert all("could not start" in text for text in report["errors"]) and len(report["errors"]) == len(failed)
    assert {report["states"][name] for name in failed} == {"failed"}
    if method == "spawn":
        # Under forkserver the server itself may lose the descriptors it is
        # sent, and the started workers then end with 255; under spawn they run.
        finished = [name for name, code in exits.items() if code == 0]
        assert finished and len(failed) + len(finished) == 12
        assert {report["states"][name] for name in finished} == {"finished"}
