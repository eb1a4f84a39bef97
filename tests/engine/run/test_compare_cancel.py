"""Cancelling a comparison: its processes are stopped, nothing is left behind."""
import threading
import time

import pytest

from engine import WorkerSpec
from engine.run.compare import CompareCancelled, CompareRun, run_compare


def test_cancel_during_the_processes_run_stops_them_at_once():
    cancel = threading.Event()
    phases = []

    def on_events(phase, events):
        phases.append(phase)
        if phase == "processes" and any(e.kind == "start" for e in events):
            cancel.set()

    began = time.monotonic()
    with pytest.raises(CompareCancelled):
        # Threads of 0.2 s, then processes that would sleep 0.2 s as well: cancelled at their start.
        run_compare([WorkerSpec("w", 0.2)], subscriber=on_events, cancel=cancel, timeout=30)
    assert "processes" in phases
    assert time.monotonic() - began < 5


def test_a_cancelled_compare_run_reports_cancelled_and_is_done():
    run = CompareRun([WorkerSpec("slow", 30)])
    run.start()
    run.cancel()
    with pytest.raises(CompareCancelled):
        run.result(timeout=5)
    assert run.done
