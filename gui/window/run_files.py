"""Runs as files: a run read back (replay), and what the window exports (image, trace, CSV, screenshot).

A large run file is read, and an export of many events written, on a
worker thread with a progress dialog (``BackgroundTask``); one such file
task at a time.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from engine.files.atomic_write import write_text_atomically
from gui.dialogs.background_task import BackgroundTask
from gui.i18n import tr
from gui.panels.status_line import StatusLine
from gui.timeline.export import ExportError, export_widget, save_png
from gui.timeline.widget import TimelineWidget

from .experiment_files import ExperimentFiles
from .file_dialogs import FileDialogs, image_filters, run_filter
from .questions import Questions
from .shown_run import ShownRun

#: A run file larger than this opens on a worker thread, with a progress dialog.
BACKGROUND_OPEN_BYTES = 16 * 1024 * 1024
#: A record with more events than this is exported on a worker thread.
BACKGROUND_EXPORT_EVENTS = 200_000


def compare_json_path(image_path: Path) -> Path:
    """timeline.png -> timeline.compare.json, beside the image."""
    return image_path.with_name(f"{image_path.stem}.compare.json")


class RunFiles(QObject):
    def __init__(self, window: QWidget, shown: ShownRun, timeline: TimelineWidget, experiment: ExperimentFiles,
                 dialogs: FileDialogs, questions: Questions, status: StatusLine, is_running: Callable[[], bool]):
        """``window``: what a screenshot shows, and the parent of the progress dialogs."""
        super().__init__(window)
        self._window, self._shown, self._timeline, self._experiment = window, shown, timeline, experiment
        self._dialogs, self._questions, self._status, self._is_running = dialogs, questions, status, is_running
        self.file_task: BackgroundTask | None = None  # the file being read or written on a worker thread

    # -- runs read back -------------------------------------------------------------

    def open_run(self, path: Path) -> bool:
        """Show a trace or events file ProcLab wrote, read-only; on error keep the view and say why."""
        from engine.files.replay import ReplayError, load_run

        if self._is_running():
            self._questions.show_error(tr("Cannot open run"), tr("Wait until the current run has ended."))
            return False
        if not self._file_work_free():
            return False
        path = Path(path)
        try:
            large = path.stat().st_size > BACKGROUND_OPEN_BYTES
        except OSError:
            large = False  # load_run says what is wrong with it
        if large:
            return self._open_run_in_background(path)
        try:
            replay = load_run(path)
        except ReplayError as error:
            self._questions.show_error(tr("Cannot open run"), str(error))
            return False
        self._show_replay(replay, path)
        return True

    def _open_run_in_background(self, path: Path) -> bool:
        """A large file: read on a worker thread with progress and Cancel; the view changes only at the end."""
        from engine.files.replay import ReplayCancelled, load_run

        task = BackgroundTask(self._window, tr("Opening {path}…").format(path=path),
                              lambda progress, cancel: load_run(path, progress, cancel),
                              cancelled_by=(ReplayCancelled,))
        task.succeeded.connect(lambda replay: self._show_replay(replay, path))
        task.failed.connect(lambda error: self._questions.show_error(tr("Cannot open run"), str(error)))
        task.cancelled.connect(lambda: self._status.message(
            tr("Opening {path} cancelled; nothing changed.").format(path=path), 5000))
        self._start_file_task(task)
        return True

    def _show_replay(self, replay, path: Path) -> None:
        if self._is_running():  # started while the file was read: the live run wins
            self._status.message(tr("{path} was read, but a run has started; open it again after the run.")
                                 .format(path=path), 8000)
            return
        self._shown.show_replay(replay)
        self._status.message(tr("Opened run {path}").format(path=path), 5000)

    # -- exports ----------------------------------------------------------------------

    def export_timeline(self, path: Path) -> bool:
        """The image; with a comparison shown, also its figures as ``NAME.compare.json``."""
        path = Path(path)
        if not self._export(lambda: export_widget(self._timeline.export_target(), path), path, tr("timeline")):
            return False
        comparison = self._shown.comparison
        if comparison is not None:
            data_path = compare_json_path(path)
            text = json.dumps(comparison.to_json(), indent=2) + "\n"
            return self._export(lambda: write_text_atomically(data_path, text), data_path, tr("comparison"))
        return True

    def export_trace(self, path: Path) -> bool:
        from engine.files.trace_export import write_trace

        record = self._shown.record()
        if record is None:
            self._questions.show_error(tr("Nothing to export"), tr("Start a run (or open one) first."))
            return False
        replay = self._shown.replay
        title = replay.title if replay else self._experiment.path.name if self._experiment.path else "ProcLab run"
        return self._export(lambda: write_trace(Path(path), record, title), Path(path), tr("trace"),
                            events=len(record.events))

    def export_events_csv(self, path: Path) -> bool:
        from engine.files.events_csv import write_events_csv

        record = self._shown.record()
        if record is None:
            self._questions.show_error(tr("Nothing to export"), tr("Start a run (or open one) first."))
            return False
        return self._export(lambda: write_events_csv(Path(path), record), Path(path), tr("events"),
                            events=len(record.events))

    def save_window_screenshot(self, path: Path) -> bool:
        return self._export(lambda: save_png(self._window, Path(path)), path, tr("screenshot"))

    def _export(self, write, path: Path, what: str, events: int = 0) -> bool:
        """``write()`` now, or on a worker thread for a record of many ``events``.

        True when written (or, on a worker thread, started: the status bar
        or an error box says how it ended).
        """
        if events > BACKGROUND_EXPORT_EVENTS:
            if not self._file_work_free():
                return False
            task = BackgroundTask(self._window, tr("Writing {path}…").format(path=path),
                                  lambda progress, cancel: write(), can_cancel=False)
            task.succeeded.connect(lambda _result: self._exported(path, what))
            task.failed.connect(lambda error: self._export_failed(path, what, error))
            self._start_file_task(task)
            return True
        try:
            write()
        except (OSError, ExportError, ValueError) as error:
            self._export_failed(path, what, error)
            return False
        self._exported(path, what)
        return True

    def _exported(self, path: Path, what: str) -> None:
        self._status.message(tr("Saved {what} to {path}").format(what=what, path=path), 5000)

    def _export_failed(self, path: Path, what: str, error: Exception) -> None:
        self._questions.show_error(tr("Cannot save {what}").format(what=what),
                                   f"{path}: {getattr(error, 'strerror', None) or error}")

    # -- the File menu's dialogs ---------------------------------------------------------

    def ask_open_run(self) -> None:
        path = self._dialogs.open_path("run", tr("Open run"), run_filter())
        if path is not None:
            self.open_run(path)

    def ask_export_timeline(self) -> None:
        filters = image_filters()
        path, chosen = self._dialogs.save_path("export", tr("Export timeline"),
                                               self._dialogs.start_dir("export") / "timeline.png", ";;".join(filters))
        if path is not None:
            if path.suffix.lower() not in filters.values():
                path = path.with_suffix(filters.get(chosen, ".png"))
            self.export_timeline(path)

    def ask_export_trace(self) -> None:
        path = self._dialogs.export_path(tr("Export trace"), "run.trace.json",
                                         tr("Perfetto trace (*.json);;All files (*)"), ".json")
        if path is not None:
            self.export_trace(path)

    def ask_export_events(self) -> None:
        path = self._dialogs.export_path(tr("Export events as CSV"), "events.csv",
                                         tr("CSV table (*.csv);;All files (*)"), ".csv")
        if path is not None:
            self.export_events_csv(path)

    def ask_save_screenshot(self) -> None:
        path = self._dialogs.export_path(tr("Save window screenshot"), "proclab.png", tr("PNG image (*.png)"),
                                         ".png", force_suffix=True)
        if path is not None:
            self.save_window_screenshot(path)

    # -- one file task at a time -------------------------------------------------------------

    def _file_work_free(self) -> bool:
        if self.file_task is not None and self.file_task.is_running():
            self._questions.show_error(tr("Busy"), tr("Wait until the file being read or written is done."))
            return False
        return True

    def _start_file_task(self, task: BackgroundTask) -> None:
        self.file_task = task
        task.start()

    def finish_file_work(self, timeout: float | None = None) -> bool:
        """Wait for a file being read or written (an export must not be cut short)."""
        return self.file_task is None or self.file_task.wait(timeout)
