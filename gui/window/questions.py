"""The window's questions and error boxes, in one place so tests and benchmarks can answer them."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from gui.dialogs.run_question import RunAnswer, ask_run_unsaved
from gui.dialogs.save_question import SaveAnswer, ask_to_save
from gui.panels.status_line import StatusLine


class Questions:
    def __init__(self, parent: QWidget, status: StatusLine):
        self._parent, self._status = parent, status

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self._parent, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def ask_to_save(self, question: str, detail: str | None = None) -> SaveAnswer:
        return ask_to_save(self._parent, question, detail)

    def ask_run_unsaved(self, name: str) -> RunAnswer:
        return ask_run_unsaved(self._parent, name)

    def show_error(self, title: str, text: str) -> None:
        self._status.message(text, 10000)
        QMessageBox.warning(self._parent, title, text)
