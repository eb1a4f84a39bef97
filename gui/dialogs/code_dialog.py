"""The "Show code" dialog: the experiment as a plain multiprocessing script.

It shows the text it is given (``engine.lab.script_export.generate_script``
writes it), read-only in a monospace font, and offers Copy, Save… and Close.
Saving writes atomically: a failed save leaves no half-written file, and
the reason appears inside the dialog.
"""
from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from engine.files.atomic_write import write_text_atomically
from gui.i18n import tr

ERROR_STYLE = "color: #B00020;"  # as the worker form's errors
DEFAULT_FILE_NAME = "proclab_experiment.py"
DEFAULT_SIZE = (760, 560)


class CodeDialog(QDialog):
    """Shows ``script`` and saves it, by default as ``suggested_name``."""

    def __init__(self, script: str, suggested_name: str = DEFAULT_FILE_NAME, parent=None):
        super().__init__(parent)
        self.setObjectName("showCodeDialog")
        self.setWindowTitle(tr("Show code: the experiment as a plain multiprocessing script"))
        self._script = script
        self._suggested_name = suggested_name or DEFAULT_FILE_NAME

        intro = QLabel(
            tr("A standalone Python 3 script, standard library only, that runs this experiment "
               "with plain multiprocessing. Save it and run it with <code>python3 {file}</code>.").format(
                file=html.escape(self._suggested_name)),
            objectName="codeDialogIntro",
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.RichText)

        self.code_view = QPlainTextEdit(objectName="codeView")
        self.code_view.setReadOnly(True)
        self.code_view.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.code_view.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.code_view.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.code_view.setPlainText(script)
        self.code_view.setToolTip(tr("The script (read-only): select text to copy a part of it"))

        self.error_label = QLabel(objectName="codeDialogError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.error_label.hide()
        self.status_label = QLabel(objectName="codeDialogStatus")
        self.status_label.setWordWrap(True)
        self.status_label.hide()

        self.copy_button = _button(tr("&Copy"), "copyCodeButton", tr("Copy the whole script to the clipboard"))
        self.save_button = _button(tr("&Save…"), "saveCodeButton",
                                   tr("Save the script as a .py file (written in full or not at all)"))
        self.close_button = _button(tr("Close"), "closeCodeButton", tr("Close this window (Esc)"))
        self.close_button.setDefault(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.code_view, 1)  # the text takes every extra pixel
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.resize(*DEFAULT_SIZE)

        self.copy_button.clicked.connect(self._on_copy)
        self.save_button.clicked.connect(self._on_save)
        self.close_button.clicked.connect(self.reject)

    def text(self) -> str:
        return self._script

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def status_text(self) -> str:
        return self.status_label.text() if self.status_label.isVisibleTo(self) else ""

    def copy_to_clipboard(self) -> None:
        QApplication.clipboard().setText(self._script)
        self._show_status(tr("Copied the script to the clipboard."))

    def save_to(self, path) -> bool:
        """Write the script to ``path`` atomically; on failure say why here."""
        path = Path(path)
        try:
            write_text_atomically(path, self._script)
        except OSError as error:
            reason = error.strerror or str(error)
            self._show_error(tr("Cannot save {path}: {reason}. Nothing was written.").format(path=path, reason=reason))
            return False
        self._show_status(tr("Saved to {path}.").format(path=path))
        return True

    def _show_error(self, message: str) -> None:
        self.status_label.hide()
        self.error_label.setText(message)
        self.error_label.show()

    def _show_status(self, message: str) -> None:
        self.error_label.hide()
        self.error_label.clear()
        self.status_label.setText(message)
        self.status_label.show()

    def _on_copy(self) -> None:
        self.copy_to_clipboard()

    def _on_save(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, tr("Save the script"), self._suggested_name, tr("Python scripts (*.py);;All files (*)"))
        if path:
            self.save_to(path)


def _button(text: str, name: str, tooltip: str) -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.setToolTip(tooltip)
    button.setAutoDefault(False)  # Enter closes (the default button), it never copies or saves
    return button
