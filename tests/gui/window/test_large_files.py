"""Large runs open and export on a worker thread: the window keeps answering, with progress."""
from __future__ import annotations

import json

from PySide6.QtWidgets import QProgressDialog, QPushButton

import gui.window.run_files as window_files
from engine import WorkerSpec
from tests.gui.conftest import wait_for_run_end


def finished_run_trace(window, qtbot, tmp_path):
    window.model.set_specs([WorkerSpec("a", 0.2), WorkerSpec("b", 0.3, "messages", messages=20)])
    window.start_run()
    wait_for_run_end(qtbot, window)
    trace = tmp_path / "run.trace.json"
    assert window.run_files.export_trace(trace)
    return trace


def test_a_large_run_opens_on_a_worker_thread_with_progress(window, qtbot, tmp_path, dialogs, monkeypatch):
    trace = finished_run_trace(window, qtbot, tmp_path)
    monkeypatch.setattr(window_files, "BACKGROUND_OPEN_BYTES", 0)  # every file counts as large
    steps = []
    assert window.run_files.open_run(trace)
    task = window.run_files.file_task
    task.progressed.connect(lambda done, total: steps.append((done, total)))
    assert isinstance(task.dialog, QProgressDialog)
    qtbot.waitUntil(lambda: window.shown.replay is not None, timeout=10_000)
    assert sorted(window.shown.replay.record.workers) == ["a", "b"]
    assert not task.is_running() and not dialogs.errors
    if steps:  # a small file may be read before the connection above was made
        assert steps[-1][0] == steps[-1][1] == trace.stat().st_size


def test_cancelling_a_large_open_keeps_the_view(window, qtbot, tmp_path, dialogs, monkeypatch):
    trace = finished_run_trace(window, qtbot, tmp_path)
    monkeypatch.setattr(window_files, "BACKGROUND_OPEN_BYTES", 0)
    before = list(window.timeline.bars.runs)
    import engine.files.replay

    real_load = engine.files.replay.load_run

    def load_after_cancel(path, progress=None, cancel=None):
        assert cancel.wait(10)  # the user pressed Cancel while the file was being read
        return real_load(path, progress, cancel)

    monkeypatch.setattr(engine.files.replay, "load_run", load_after_cancel)
    assert window.run_files.open_run(trace)
    task = window.run_files.file_task
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        task.dialog.findChild(QPushButton).click()  # the dialog's own Cancel button
    assert window.shown.replay is None and list(window.timeline.bars.runs) == before
    assert not dialogs.errors
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=5_000)


def test_a_large_export_runs_on_a_worker_thread_and_is_whole(window, qtbot, tmp_path, dialogs, monkeypatch):
    trace = finished_run_trace(window, qtbot, tmp_path)
    monkeypatch.setattr(window_files, "BACKGROUND_EXPORT_EVENTS", 0)
    again = tmp_path / "again.trace.json"
    assert window.run_files.export_trace(again)
    task = window.run_files.file_task
    qtbot.waitUntil(lambda: not task.is_running(), timeout=10_000)
    qtbot.waitUntil(lambda: "Saved" in window.statusBar().currentMessage(), timeout=10_000)
    assert json.loads(again.read_text(encoding="utf-8"))["proclab"]["events"] == \
        json.loads(trace.read_text(encoding="utf-8"))["proclab"]["events"]
    assert not dialogs.errors


def test_a_second_file_task_waits_for_the_first(window, qtbot, tmp_path, dialogs, monkeypatch):
    trace = finished_run_trace(window, qtbot, tmp_path)
    monkeypatch.setattr(window_files, "BACKGROUND_OPEN_BYTES", 0)
    gate = __import__("threading").Event()
    import engine.files.replay

    real_load = engine.files.replay.load_run

    def slow_load(path, progress=None, cancel=None):
        gate.wait(10)
        return real_load(path, progress, cancel)

    monkeypatch.setattr(engine.files.replay, "load_run", slow_load)
    assert window.run_files.open_run(trace)
    assert not window.run_files.open_run(trace)  # refused while the first is read
    assert "Wait until" in dialogs.errors[-1]
    gate.set()
    qtbot.waitUntil(lambda: window.shown.replay is not None, timeout=10_000)
