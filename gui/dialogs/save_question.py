"""The question desktop programs ask before unsaved work would be lost: Save, Discard or Cancel."""
from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox

from gui.i18n import tr


class SaveAnswer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


_ANSWERS = {QMessageBox.Save: SaveAnswer.SAVE, QMessageBox.Discard: SaveAnswer.DISCARD,
            QMessageBox.Cancel: SaveAnswer.CANCEL}


class UnsavedChangesBox(QMessageBox):
    """Asks whether to save the experiment (or what ``detail`` names) first; Esc and closing the box mean Cancel."""

    def __init__(self, question: str, parent=None, detail: str | None = None):
        super().__init__(parent)
        self.setObjectName("unsavedChangesBox")
        self.setIcon(QMessageBox.Warning)
        self.setWindowTitle(tr("Unsaved changes"))
        self.setText(question)
        self.setInformativeText(detail or tr("The worker list or the start method changed since the experiment "
                                             "was last saved or opened."))
        self.setStandardButtons(QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel)
        self.setDefaultButton(QMessageBox.Save)
        self.setEscapeButton(QMessageBox.Cancel)
        tips = {
            QMessageBox.Save: ("unsavedSaveButton", tr("Save (as a file, if it has none yet), then go on")),
            QMessageBox.Discard: ("unsavedDiscardButton", tr("Go on without saving: the changes are lost")),
            QMessageBox.Cancel: ("unsavedCancelButton", tr("Go back: nothing is saved, nothing is lost (Esc)")),
        }
        for standard, (name, tip) in tips.items():
            self.button(standard).setObjectName(name)
            self.button(standard).setToolTip(tip)

    def answer(self) -> SaveAnswer:
        """What the button clicked means; Cancel when the box was closed some other way."""
        clicked = self.clickedButton()
        return _ANSWERS.get(self.standardButton(clicked), SaveAnswer.CANCEL) if clicked else SaveAnswer.CANCEL


def ask_to_save(parent, question: str, detail: str | None = None) -> SaveAnswer:
    box = UnsavedChangesBox(question, parent, detail)
    box.exec()
    return box.answer()
