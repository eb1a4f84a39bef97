"""An abandoned Lock never blocks the window; 100 runs leave nothing behind.

The window test adds to ``tests/gui/test_lab_window.py``'s abandoned-lock
test the one thing that shows the GUI does not wait on the Lock: a 20 ms
``QTimer`` keeps ticking while the Lock is abandoned. The cycles test starts
and stops 100 sessions through the engine and compares this process's file
descriptors, children and threads with a baseline taken after a warm-up.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import QTimer

from engine import Session, WorkerSpec
from engine.model.events import WorkerLaunched
from tests.engine.recorder import Recorder
from tests.gui.conftest import RUN_TIMEOUT_MS, wait_for_run_end
from tests.leak_check import leftover_children

TICK_MS = 20
#: 15 ticks of 20 ms is 0.3 s of timer time; 1 s leaves room for a busy CI
#: machine, yet a GUI thread blocked in acquire() would give none at all.
TICKS_WANTED = 15
TICKS_WITHIN_MS = 1000


def test_the_window_keeps_ticking_while_a_killed_worker_holds_the_lock(window, qtbot):
    names = ["locker1", "locker2", "locker3"]
    window.model.set_specs([WorkerSpec(name, 30, "lock") for name in names])
    window.start_run()
    session = window.bridge.session

    def one_holds_two_wait():
        assert session.lock_holder in names
        holder = session.lock_holder
        waits = {n: window.record.workers[n].lock_waits for n in names}
        assert all(waits[n] and waits[n][-1][1] is None for n in names if n != holder)

    qtbot.waitUntil(one_holds_two_wait, timeout=RUN_TIMEOUT_MS)
    holder = session.lock_holder
    waiters = [n for n in names if n != holder]
    window.workers.table.selectRow(window.model.names().index(holder))
    window.commands.kill_selected()
    qtbot.waitUntil(lambda: window.lock_banner.isVisible(), timeout=RUN_TIMEOUT_MS)
    assert holder in window.lock_banner.label.text()
    assert session.lock_abandoned_by == holder

    # The Lock is abandoned: the two waiters are stuck in acquire(). The GUI thread is not.
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(None))
    timer.start(TICK_MS)
    try:
        qtbot.waitUntil(lambda: len(ticks) >= TICKS_WANTED, timeout=TICKS_WITHIN_MS)
    finally:
        timer.stop()
    assert session.lock_abandoned_by == holder  # it was abandoned the whole time
    assert all(not window.record.workers[n].lock_holds for n in waiters)
    assert window.lock_banner.isVisible() and window.is_running()

    window.lock_banner.release_button.click()
    qtbot.waitUntil(lambda: any(window.record.workers[n].lock_holds for n in waiters), timeout=RUN_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.lock_banner.isVisible(), timeout=RUN_TIMEOUT_MS)
    window.workers.table.clearSelection()
    window.commands.terminate_selected()
    wait_for_run_end(qtbot, window)
    assert window.record.workers[holder].exitcode == -9


# -- 100 start/stop cycles --------------------------------------------------------

CYCLES = 100


def fd_targets() -> set[str]:
    """``fd->target`` for every descriptor of this process (Linux)."""
    found = set()
    for entry in Path("/proc/self/fd").iterdir():
        try:
            found.add(f"{entry.name}->{os.readlink(entry)}")
        except OSError:  # the descriptor listing the directory itself, gone already
            continue
    return found


def snapshot() -> dict:
    return {
        "num_fds": psutil.Process().num_fds(),
        "fds": fd_targets(),
        "children": sorted(child.pid for child in psutil.Process().children(recursive=True)),
        "active_children": len(multiprocessing.active_children()),
        "threads": threading.active_count(),
    }


def run_to_the_end() -> None:
    """Two short sleep workers that finish on their own; ``join`` waits for both."""
    with Session([WorkerSpec("a", 0.01), WorkerSpec("b", 0.01)]) as session:
        session.start()
        assert session.join(timeout=15) == []


def stop_while_running() -> None:
    """Two long sleep workers, both launched, then ``stop()``: SIGTERM ends them."""
    recorder = Recorder()
    session = Session([WorkerSpec("a", 30), WorkerSpec("b", 30)], recorder)
    try:
        session.start()
        recorder.wait_for(lambda evs: sum(isinstance(e, WorkerLaunched) for e in evs) == 2, timeout=15)
    finally:
        session.stop(grace=2.0)
    assert [status.exitcode for status in session.statuses()] == [-15, -15]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists /proc/self/fd (Linux)")
def test_a_hundred_start_stop_cycles_leave_no_descriptor_child_or_thread_behind():
    run_to_the_end()  # warm-up: whatever is started once per process (forkserver, tracker) runs now
    stop_while_running()
    before = snapshot()
    for cycle in range(CYCLES):
        run_to_the_end() if cycle % 2 == 0 else stop_while_running()
    after = snapshot()
    # Nothing added. Earlier tests in the same process may leave daemon threads
    # (a cancelled comparison's sleeping threads) or objects that end or are
    # collected meanwhile, so the figures may fall; they must never rise.
    assert after["fds"] <= before["fds"], f"descriptors opened: {sorted(after['fds'] - before['fds'])}"
    assert after["num_fds"] <= before["num_fds"]
    assert set(after["children"]) <= set(before["children"])
    assert after["active_children"] <= before["active_children"]
    assert after["threads"] <= before["threads"]
    assert leftover_children() == []
