"""The experiment as a file: open, save, the recent list, unsaved changes, and the script it makes.

``ExperimentFiles`` keeps the experiment's path and whether the table or
the start method changed since it was saved or opened; ``changed`` says the
window's title may have changed. An experiment that takes the table first
asks ``make_way`` (a script shown gives way to it).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from engine.files.experiment_file import ExperimentFileError, load_experiment, save_experiment
from engine.lab.script_export import generate_script
from gui.dialogs.code_dialog import CodeDialog
from gui.dialogs.save_question import SaveAnswer
from gui.engine_bridge import EngineBridge
from gui.i18n import tr
from gui.panels.control_bar import ControlBar
from gui.panels.status_line import StatusLine
from gui.panels.worker_table_model import WorkerTableModel
from gui.settings import Settings

from .file_dialogs import FileDialogs, experiment_filter
from .questions import Questions
from .run_place import RunPlace


class ExperimentFiles(QObject):
    changed = Signal()

    def __init__(self, parent: QWidget, model: WorkerTableModel, bridge: EngineBridge, controls: ControlBar,
                 settings: Settings, dialogs: FileDialogs, questions: Questions, status: StatusLine,
                 is_running: Callable[[], bool], make_way: Callable[[], bool] = lambda: True,
                 run_place: RunPlace | None = None):
        """``run_place``: where runs go (Lab → Run on); a file may name it, and saving keeps it."""
        super().__init__(parent)
        self._parent, self._model, self._bridge, self._controls = parent, model, bridge, controls
        self._settings, self._dialogs, self._questions, self._status = settings, dialogs, questions, status
        self._is_running, self._make_way = is_running, make_way
        self._run_place = run_place
        self.recent_menu = QMenu(tr("Open &recent"), parent, objectName="recentMenu")  # File → Open recent
        self.recent_menu.setToolTipsVisible(True)
        self.path: Path | None = None
        self.modified = False
        self._fill_recent_menu(settings.recent_experiments())

    def name(self) -> str:
        return self.path.name if self.path else tr("untitled")

    def mark_modified(self) -> None:
        self.modified = True
        self.changed.emit()

    def has_unsaved_changes(self) -> bool:
        """Workers or start method edited since the last save or load (an empty untitled list is no loss)."""
        return self.modified and (bool(self._model.specs()) or self.path is not None)

    def may_replace(self) -> bool:
        """Before a preset or another file replaces the workers: Save, Discard or Cancel (and the
        script shown, if any, gives way)."""
        return self._make_way() and self.may_lose_changes(tr("Save the changes to {name} before its workers "
                                                             "are replaced?"))

    def may_lose_changes(self, question: str) -> bool:
        if not self.has_unsaved_changes():
            return True
        answer = self._questions.ask_to_save(question.format(name=self.name()))
        if answer is SaveAnswer.SAVE:
            return self.save_current()
        return answer is SaveAnswer.DISCARD

    def set_path(self, path: Path | None) -> None:
        """The experiment is now ``path``'s (None: untitled), as saved."""
        self.path = path
        self._dialogs.experiment_path = path
        self.modified = False
        self.changed.emit()

    # -- open and save ------------------------------------------------------------

    def open(self, path: Path) -> bool:
        """Replace the worker list with ``path``'s; on error, keep it and say why."""
        try:
            experiment = load_experiment(Path(path))
        except ExperimentFileError as error:
            self._questions.show_error(tr("Cannot open experiment"), str(error))
            return False
        method = experiment.start_method
        if method is not None and not self._controls.set_start_method(method):
            self._questions.show_error(tr("Start method not available"), tr(
                "{path}: start_method: {method!r} is not available on this platform; "
                "keeping {kept}.").format(path=path, method=method, kept=self._bridge.start_method))
        elif method is not None:
            self._bridge.set_start_method(method)
        if experiment.cluster is not None and self._run_place is not None:
            self._run_place.choose_text(experiment.cluster)
        self._model.set_specs(experiment.workers)
        self.set_path(Path(path))
        self._remember(Path(path))
        self._status.message(tr("Opened {path}").format(path=path), 5000)
        return True

    def save(self, path: Path) -> bool:
        try:
            cluster = self._run_place.cluster_text() if self._run_place is not None else None
            save_experiment(Path(path), self._model.specs(), self._bridge.start_method, cluster)
        except (OSError, ValueError) as error:
            self._questions.show_error(tr("Cannot save experiment"), tr(
                "{path}: {error}. The old file, if any, is unchanged.").format(path=path, error=error))
            return False
        self.set_path(Path(path))
        self._remember(Path(path))
        self._status.message(tr("Saved {path}").format(path=path), 5000)
        return True

    def save_current(self) -> bool:
        """Save to the experiment's file; an untitled one asks where. False if not saved."""
        if self.path is not None:
            return self.save(self.path)
        return self.ask_save_as()

    def ask_open(self) -> None:
        """File → Open experiment: ask about unsaved changes, then which file."""
        if not self.may_replace():
            return
        path = self._dialogs.open_path("experiment", tr("Open experiment"), experiment_filter())
        if path is not None:
            self.open(path)

    def ask_save_as(self) -> bool:
        """Ask where, then save; False when the dialog was cancelled or the save failed."""
        suggested = self.path or self._dialogs.start_dir("experiment") / "experiment.json"
        path, _ = self._dialogs.save_path("experiment", tr("Save experiment"), suggested, experiment_filter())
        if path is None:
            return False
        return self.save(path if path.suffix else path.with_suffix(".json"))

    def open_recent(self, path: Path) -> bool:
        if self._is_running():  # the menu is disabled then; a shortcut must not swap the table mid-run
            return False
        if not Path(path).is_file():
            self._settings.remove_recent_experiment(Path(path))
            self._fill_recent_menu(self._settings.recent_experiments())
            self._questions.show_error(tr("Cannot open experiment"), tr(
                "{path} is gone; it was removed from the recent experiments.").format(path=path))
            return False
        return self.may_replace() and self.open(Path(path))

    def show_code(self) -> CodeDialog:
        """The experiment as a plain multiprocessing script, in a dialog."""
        name = self.path.stem if self.path else "proclab_experiment"
        dialog = CodeDialog(generate_script(self._model.specs(), self._bridge.start_method), f"{name}.py",
                            self._parent)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    # -- File → Open recent ------------------------------------------------------------

    def _remember(self, path: Path) -> None:
        self._fill_recent_menu(self._settings.add_recent_experiment(path))

    def _fill_recent_menu(self, paths: list[Path]) -> None:
        """One entry per experiment, newest first, Ctrl+Alt+1.. for the first ones."""
        menu = self.recent_menu
        menu.clear()
        for number, path in enumerate(paths, start=1):
            action = QAction(f"&{number} {path.name}" if number < 10 else path.name, menu)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, path=path: self.open_recent(path))
            menu.addAction(action)
        menu.setEnabled(bool(paths))
