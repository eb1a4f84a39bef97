"""The frozen program: PyInstaller's one-folder build runs its workers.

A double-clickable multiprocessing app has a classic trap: once frozen, every
worker (spawn) and helper (the forkserver, the resource tracker) is the app's
own executable started again, and without freeze_support() in the right place
each of them opens another copy of the program instead. This builds the
bundle from packaging/proclab.spec once per session and runs its command line
under every start method the platform has.

Slow (the build takes about half a minute): ``pytest -m "not slow"`` skips it
locally; ``make test`` and CI run it.
"""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from engine import WorkerState
from engine.model.start_methods import available_start_methods, default_start_method
from gui.theme import STATE_COLOURS
from tests.image_checks import pixel_count, png_pixels

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "proclab.spec"
BUILD_TIMEOUT_S = 900
RUN_TIMEOUT_S = 120

pytestmark = pytest.mark.slow


def _require_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    reason = ("PyInstaller is not installed: run make bundle (or pip install -e '.[bundle]') "
              "to build and check the frozen app")
    if os.environ.get("CI"):
        pytest.fail(reason + "; CI installs it with make test, so its absence is a bug", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    """The frozen executable, built once into a temporary folder."""
    _require_pyinstaller()
    work = tmp_path_factory.mktemp("pyinstaller")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, f"PyInstaller failed:\n{result.stdout}\n{result.stderr}"
    executable = work / "dist" / "proclab" / ("proclab.exe" if sys.platform == "win32" else "proclab")
    assert executable.is_file(), f"no {executable}; dist holds {sorted(p.name for p in (work / 'dist').iterdir())}"
    size_mb = sum(p.stat().st_size for p in executable.parent.rglob("*")
                  if p.is_file() and not p.is_symlink()) / 2**20
    print(f"bundle built in {time.perf_counter() - started:.0f} s, {size_mb:.0f} MB: {executable.parent}")
    return executable


def _processes_of(executable: Path) -> list[psutil.Process]:
    """Live processes running ``executable``: the app and the helpers it started."""
    found = []
    for process in psutil.process_iter(["exe", "cmdline", "status"]):
        info = process.info
        if info["status"] == psutil.STATUS_ZOMBIE:
            continue
        command = info["cmdline"] or []
        if info["exe"] == str(executable) or (command and command[0] == str(executable)):
            found.append(process)
    return found


def _wait_until_gone(executable: Path, timeout: float = 5.0) -> list[psutil.Process]:
    """The helpers notice their parent's exit on a pipe; give them a moment."""
    deadline = time.monotonic() + timeout
    while (left := _processes_of(executable)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for process in left:  # do not leave them to the next test
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    return left


@pytest.mark.timeout(BUILD_TIMEOUT_S + RUN_TIMEOUT_S)
@pytest.mark.parametrize("method", available_start_methods())
def test_frozen_app_runs_the_seed_example(bundle, method, tmp_path):
    png = tmp_path / "out.png"
    arguments = [str(bundle), "run", "--preset", "seed", "--png", "out.png"]
    if method != default_start_method():
        arguments[1:1] = ["--start-method", method]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(arguments, cwd=tmp_path, env=env, capture_output=True, text=True,
                            timeout=RUN_TIMEOUT_S)
    left_behind = _wait_until_gone(bundle)

    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    lines = result.stdout.splitlines()
    summary = {line.split()[0]: line.split() for line in lines if line.startswith("worker")}
    assert sorted(summary) == ["worker1", "worker2", "worker3"], result.stdout
    for name, row in summary.items():
        assert row[-2:] == ["0", "(ok)"], f"{name} did not finish with exit code 0: {row}"
    assert sorted(line for line in lines if line.startswith("work ")) == sorted(
        f"work worker{i} {when}" for i in (1, 2, 3) for when in ("start", "end"))
    # Without freeze_support() each child would run ProcLab's own command
    # line again, with arguments it does not know, and fail loudly.
    assert "Traceback" not in result.stderr and "usage:" not in result.stderr, result.stderr
    assert "wrote out.png" in lines
    pixels = png_pixels(png)  # a PNG that Qt reads, with the finished bars drawn
    assert pixel_count(pixels, STATE_COLOURS[WorkerState.FINISHED]) > 1000
    assert not left_behind, f"processes of the frozen app left running: {left_behind}"


@pytest.mark.timeout(BUILD_TIMEOUT_S + RUN_TIMEOUT_S)
def test_the_frozen_app_says_how_to_run_on_a_cluster(bundle, tmp_path):
    """The bundle leaves Dask out (its workers start Pythons of their own): --cluster says what to install."""
    result = subprocess.run([str(bundle), "run", "--preset", "seed", "--cluster", "local:1"], cwd=tmp_path,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True,
                            timeout=RUN_TIMEOUT_S)
    left_behind = _wait_until_gone(bundle)
    assert result.returncode == 2, result.stderr
    assert "pip install 'proclab[dask]'" in result.stderr and "nothing was started" in result.stderr
    assert "Traceback" not in result.stderr
    assert not left_behind
