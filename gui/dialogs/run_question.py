"""Run script on a script edited and not saved: save it first, run the file as it is on disk, or go back.

The script runs from its file (spawned children read that file again), so
what the pane shows can only run once it is saved.
"""
from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox

from gui.i18n import tr


class RunAnswer(Enum):
    SAVE = "save"  # save, then run what was saved
    SAVED_FILE = "saved_file"  # run the file as it is on disk; the edits stay in the pane
    CANCEL = "cancel"


class RunUnsavedBox(QMessageBox):
    """Esc and closing the box mean Cancel."""

    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName("runUnsavedBox")
        self.setIcon(QMessageBox.Question)
        self.setWindowTitle(tr("Unsaved changes"))
        self.setText(tr("{name} has changes that are not saved. Save them before it runs?").format(name=name))
        self.setInformativeText(tr("A script runs from its file: what the pane shows runs only once it is "
                                   "saved."))
        self.save_button = self.addButton(tr("Save and run"), QMessageBox.AcceptRole)
        self.save_button.setObjectName("runSaveButton")
        self.save_button.setToolTip(tr("Save the script (a lesson as a copy of your own), then run it"))
        self.saved_file_button = self.addButton(tr("Run the saved file"), QMessageBox.DestructiveRole)
        self.saved_file_button.setObjectName("runSavedFileButton")
        self.saved_file_button.setToolTip(tr("Run the file as it is on disk; the changes stay in the pane, unsaved"))
        cancel = self.addButton(QMessageBox.Cancel)
        cancel.setObjectName("runCancelButton")
        cancel.setToolTip(tr("Go back: nothing runs, nothing is saved (Esc)"))
        self.setDefaultButton(self.save_button)
        self.setEscapeButton(cancel)

    def answer(self) -> RunAnswer:
        clicked = self.clickedButton()
        if clicked is self.save_button:
            return RunAnswer.SAVE
        if clicked is self.saved_file_button:
            return RunAnswer.SAVED_FILE
        return RunAnswer.CANCEL


def ask_run_unsaved(parent, name: str) -> RunAnswer:
    box = RunUnsavedBox(name, parent)
    box.exec()
    return box.answer()
