"""A script in the window: open it (File, a drop, the command line, Lab → Lessons), run it watched, close it.

``ScriptFiles`` owns the code pane's comings and goings: it opens a script
into the pane (asking first when the one shown has unsaved changes), runs
it through the presenter with the interpreter, start method and process
limit of the settings (asking first when it has unsaved changes), and
closes it. ``changed`` says the window's title and controls may change.
Only the user's own actions name a script: nothing here reads one from an
experiment file or a replayed run.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from gui.dialogs.run_question import RunAnswer
from gui.dialogs.save_question import SaveAnswer
from gui.dialogs.script_settings_dialog import ScriptSettingsDialog
from gui.i18n import tr
from gui.panels.status_line import StatusLine
from gui.script.script_file import ScriptFileError
from gui.script.script_pane import ScriptPane, script_filter
from gui.settings import Settings

from .file_dialogs import FileDialogs
from .questions import Questions
from .run_presenter import RunPresenter

#: What a dropped or named file must end with to open as a script.
SCRIPT_SUFFIXES = (".py", ".pyw")


class ScriptFiles(QObject):
    changed = Signal()
    opened = Signal()  # another script is shown: what the last one's run showed is not about it

    def __init__(self, parent: QWidget, pane: ScriptPane, presenter: RunPresenter, settings: Settings,
                 dialogs: FileDialogs, questions: Questions, status: StatusLine, is_running: Callable[[], bool]):
        super().__init__(parent)
        self._parent, self.pane, self._presenter, self._settings = parent, pane, presenter, settings
        self._dialogs, self._questions, self._status, self._is_running = dialogs, questions, status, is_running
        pane.runRequested.connect(self.run)
        pane.closeRequested.connect(self.close)
        pane.modifiedChanged.connect(lambda _modified: self.changed.emit())
        pane.pathChanged.connect(self.changed)
        pane.saved.connect(self._on_saved)

    @property
    def shown(self) -> bool:
        return self.pane.path is not None and not self.pane.isHidden()

    def title(self) -> str:
        """The script's name, with * when it has unsaved changes; "" when none is shown."""
        return f"{self.pane.name()}{'*' if self.pane.modified else ''}" if self.shown else ""

    # -- opening ------------------------------------------------------------------------

    def open(self, path: Path, lesson: bool = False) -> bool:
        """Show ``path`` in the pane, read-only; on error keep what is shown and say why."""
        if self._is_running():
            self._questions.show_error(tr("Cannot open script"), tr("Wait until the current run has ended."))
            return False
        if self.shown and not self.may_lose_changes(tr("Save the changes to {name} before another script is "
                                                      "opened?")):
            return False
        try:
            self.pane.open_file(Path(path), lesson=lesson)
        except ScriptFileError as error:
            self._questions.show_error(tr("Cannot open script"), str(error))
            return False
        if not lesson:
            self._settings.set_last_folder("script", Path(path))
        self.pane.show()
        self.opened.emit()
        self._status.message(tr("Opened {name}; Ctrl+R runs it").format(name=Path(path).name), 8000)
        self.changed.emit()
        return True

    def ask_open(self) -> None:
        """File → Open script: which file, then open it."""
        path = self._dialogs.open_path("script", tr("Open script"), script_filter())
        if path is not None:
            self.open(path)

    def open_lesson(self, path: Path) -> bool:
        return self.open(path, lesson=True)

    def close(self) -> bool:
        """The pane goes; the worker table shows the experiment again. False if the user kept it."""
        if not self.shown or self._is_running():
            return False
        if not self.may_lose_changes(tr("Save the changes to {name} before it is closed?")):
            return False
        self.pane.hide()
        self.changed.emit()
        return True

    def make_way(self) -> bool:
        """Before an experiment takes the table: close the script shown (asking about unsaved changes).
        True when no script is in the way any more."""
        return not self.shown or self.close()

    def may_lose_changes(self, question: str) -> bool:
        """Save, Discard or Cancel when the script shown has unsaved changes; True when nothing stops it."""
        if not self.shown or not self.pane.modified:
            return True
        answer = self._questions.ask_to_save(question.format(name=self.pane.name()), tr(
            "The script was edited here since it was opened or saved."))
        if answer is SaveAnswer.SAVE:
            return self.pane.save()
        return answer is SaveAnswer.DISCARD

    # -- running --------------------------------------------------------------------------

    def run(self) -> None:
        """Run script: the file as saved, under the settings' Python; asks first about unsaved changes."""
        if not self.shown or self._is_running():
            return
        if self.pane.modified:
            answer = self._questions.ask_run_unsaved(self.pane.name())
            if answer is RunAnswer.CANCEL or (answer is RunAnswer.SAVE and not self.pane.save()):
                return
        self._presenter.start_watch(self.pane.path, [], python=self._settings.script_python(),
                                    start_method=self._settings.script_start_method(),
                                    max_processes=self._settings.process_limit())

    def ask_settings(self) -> bool:
        """Lab → Python for scripts: True when new settings were kept."""
        settings = self._settings
        dialog = ScriptSettingsDialog(settings.script_python(), settings.script_start_method(),
                                      settings.process_limit(), self._parent)
        if dialog.exec() != QDialog.Accepted:
            return False
        settings.set_script_python(dialog.python)
        settings.set_script_start_method(dialog.start_method)
        settings.set_process_limit(dialog.process_limit)
        self._status.message(tr("Scripts run under {python} from the next Run script").format(
            python=dialog.python or tr("ProcLab's own Python")), 8000)
        return True

    def _on_saved(self, path: Path) -> None:
        self._settings.set_last_folder("script", path)
        self._status.message(tr("Saved {path}").format(path=path), 5000)
        self.changed.emit()


def dropped_script(urls) -> Path | None:
    """The one local Python file among dropped ``urls`` (QUrl), else None."""
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    if len(paths) == 1 and paths[0].suffix.lower() in SCRIPT_SUFFIXES:
        return paths[0]
    return None
