"""The window's files: experiments, exported images and data, and runs read back (replay).

A mixin of ``MainWindow``: it uses the window's model, bridge, timeline,
settings and dialogs, and keeps only the replay it shows.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from engine import RunRecord
from engine.files.atomic_write import write_text_atomically
from engine.files.experiment_file import ExperimentFileError, load_experiment, save_experiment
from engine.lab.script_export import generate_script
from gui.dialogs.background_task import BackgroundTask
from gui.dialogs.code_dialog import CodeDialog
from gui.i18n import tr
from gui.timeline.export import ExportError, export_widget, save_png

from .menus import fill_recent_menu

#: A run file larger than this opens on a worker thread, with a progress dialog.
BACKGROUND_OPEN_BYTES = 16 * 1024 * 1024
#: A record with more events than this is exported on a worker thread.
BACKGROUND_EXPORT_EVENTS = 200_000


def compare_json_path(image_path: Path) -> Path:
    """timeline.png -> timeline.compare.json, beside the image."""
    return image_path.with_name(f"{image_path.stem}.compare.json")


class FilesMixin:
    def open_experiment(self, path: Path) -> bool:
        """Replace the worker list with ``path``'s; on error, keep it and say why."""
        try:
            experiment = load_experiment(Path(path))
        except ExperimentFileError as error:
            self.show_error(tr("Cannot open experiment"), str(error))
            return False
        method = experiment.start_method
        if method is not None and not self.controls.set_start_method(method):
            self.show_error(tr("Start method not available"),
                            tr("{path}: start_method: {method!r} is not available on this platform; "
                               "keeping {kept}.").format(path=path, method=method, kept=self.bridge.start_method))
        elif method is not None:
            self.bridge.set_start_method(method)
        self.model.set_specs(experiment.workers)
        self._set_experiment_path(Path(path))
        self._remember_experiment(Path(path))
        self.statusBar().showMessage(tr("Opened {path}").format(path=path), 5000)
        return True

    def save_experiment(self, path: Path) -> bool:
        try:
            save_experiment(Path(path), self.model.specs(), self.bridge.start_method)
        except (OSError, ValueError) as error:
            self.show_error(tr("Cannot save experiment"),
                            tr("{path}: {error}. The old file, if any, is unchanged.").format(path=path, error=error))
            return False
        self._set_experiment_path(Path(path))
        self._remember_experiment(Path(path))
        self.statusBar().showMessage(tr("Saved {path}").format(path=path), 5000)
        return True

    def export_timeline(self, path: Path) -> bool:
        """The image; with a comparison shown, also its figures as ``NAME.compare.json``."""
        path = Path(path)
        if not self._export(lambda: export_widget(self.timeline.export_target(), path), path, tr("timeline")):
            return False
        if self.compare_result is not None:
            data_path = compare_json_path(path)
            text = json.dumps(self.compare_result.to_json(), indent=2) + "\n"
            return self._export(lambda: write_text_atomically(data_path, text), data_path, tr("comparison"))
        return True

    def show_code(self) -> CodeDialog:
        """The experiment as a plain multiprocessing script, in a dialog."""
        name = self.experiment_path.stem if self.experiment_path else "proclab_experiment"
        dialog = CodeDialog(generate_script(self.model.specs(), self.bridge.start_method), f"{name}.py", self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def save_window_screenshot(self, path: Path) -> bool:
        return self._export(lambda: save_png(self, Path(path)), path, tr("screenshot"))

    def _export(self, write, path: Path, what: str, events: int = 0) -> bool:
        """``write()`` now, or on a worker thread for a record of many ``events``.

        True when written (or, on a worker thread, started: the status bar
        or an error box says how it ended).
        """
        if events > BACKGROUND_EXPORT_EVENTS:
            if not self._file_work_free():
                return False
            task = BackgroundTask(self, tr("Writing {path}…").format(path=path),
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
        self.statusBar().showMessage(tr("Saved {what} to {path}").format(what=what, path=path), 5000)

    def _export_failed(self, path: Path, what: str, error: Exception) -> None:
        self.show_error(tr("Cannot save {what}").format(what=what),
                        f"{path}: {getattr(error, 'strerror', None) or error}")

    # -- file work on a worker thread ------------------------------------------

    def _file_work_free(self) -> bool:
        task = getattr(self, "_file_task", None)
        if task is not None and task.is_running():
            self.show_error(tr("Busy"), tr("Wait until the file being read or written is done."))
            return False
        return True

    def _start_file_task(self, task: BackgroundTask) -> None:
        self._file_task = task
        task.start()

    def finish_file_work(self, timeout: float | None = None) -> bool:
        """Wait for a file being read or written (an export must not be cut short)."""
        task = getattr(self, "_file_task", None)
        return task is None or task.wait(timeout)

    def shown_record(self) -> RunRecord | None:
        """What the timeline shows: a replay, a comparison, or the current run."""
        if self.replay is not None:
            return self.replay.record
        if self.compare_result is not None:
            return self.compare_result.merged_record()
        return self.record if self._run_on_view else None  # not a run of another experiment

    def open_run(self, path: Path) -> bool:
        """Show a trace or events file ProcLab wrote, read-only; on error keep the view and say why."""
        from engine.files.replay import ReplayError, load_run

        if self.is_running():
            self.show_error(tr("Cannot open run"), tr("Wait until the current run has ended."))
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
            self.show_error(tr("Cannot open run"), str(error))
            return False
        self._show_replay(replay, path)
        return True

    def _open_run_in_background(self, path: Path) -> bool:
        """A large file: read on a worker thread with progress and Cancel; the view changes only at the end."""
        from engine.files.replay import ReplayCancelled, load_run

        task = BackgroundTask(self, tr("Opening {path}…").format(path=path),
                              lambda progress, cancel: load_run(path, progress, cancel),
                              cancelled_by=(ReplayCancelled,))
        task.succeeded.connect(lambda replay: self._show_replay(replay, path))
        task.failed.connect(lambda error: self.show_error(tr("Cannot open run"), str(error)))
        task.cancelled.connect(lambda: self.statusBar().showMessage(
            tr("Opening {path} cancelled; nothing changed.").format(path=path), 5000))
        self._start_file_task(task)
        return True

    def _show_replay(self, replay, path: Path) -> None:
        if self.is_running():  # started while the file was read: the live run wins
            self.statusBar().showMessage(tr("{path} was read, but a run has started; open it again after the run.")
                                         .format(path=path), 8000)
            return
        self._clear_compare()
        self.past_run_label.hide()
        self.replay = replay
        record = replay.record
        self.timeline.show_run(record, record.last_time_s())
        text = tr("Replay of {name} (read-only): {count} workers, {seconds:.2f} s. The table still holds the "
                  "experiment; Start runs it again.").format(
            name=replay.title, count=len(record.workers), seconds=record.last_time_s())
        unfinished = [run.name for run in record.workers.values() if run.exit_s is None]
        if unfinished:
            # Saved mid-run, or cut short at a line's end: shown, but said.
            text += " " + tr("{count} of them never exited in this file ({names}): it was saved during the run "
                             "or cut short.").format(count=len(unfinished), names=", ".join(unfinished[:5]))
        self.replay_label.setText(text)
        self.replay_label.show()
        self.progress.show_record(None)  # it counted the live run, not this one
        self._update_title()
        self.statusBar().showMessage(tr("Opened run {path}").format(path=path), 5000)

    def _clear_replay(self) -> None:
        if self.replay is not None:
            self.replay = None
            self.replay_label.hide()
            self._update_title()

    def export_trace(self, path: Path) -> bool:
        from engine.files.trace_export import write_trace

        record = self.shown_record()
        if record is None:
            self.show_error(tr("Nothing to export"), tr("Start a run (or open one) first."))
            return False
        title = (self.replay.title if self.replay
                 else self.experiment_path.name if self.experiment_path else "ProcLab run")
        return self._export(lambda: write_trace(Path(path), record, title), Path(path), tr("trace"),
                            events=len(record.events))

    def export_events_csv(self, path: Path) -> bool:
        from engine.files.events_csv import write_events_csv

        record = self.shown_record()
        if record is None:
            self.show_error(tr("Nothing to export"), tr("Start a run (or open one) first."))
            return False
        return self._export(lambda: write_events_csv(Path(path), record), Path(path), tr("events"),
                            events=len(record.events))

    def open_recent_experiment(self, path: Path) -> bool:
        if self.is_running():  # the menu is disabled then; a shortcut must not swap the table mid-run
            return False
        if not Path(path).is_file():
            self.settings.remove_recent_experiment(Path(path))
            fill_recent_menu(self, self.settings.recent_experiments())
            self.show_error(tr("Cannot open experiment"),
                            tr("{path} is gone; it was removed from the recent experiments.").format(path=path))
            return False
        return self._may_replace_experiment() and self.open_experiment(Path(path))

    def _remember_experiment(self, path: Path) -> None:
        fill_recent_menu(self, self.settings.add_recent_experiment(path))
