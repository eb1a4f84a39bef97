"""The code pane: a script shown read-only with line numbers and colours; Edit, Save, Save as and Run.

It reads and writes its own file (``script_file``): opening refuses what
cannot be shown whole, and a save that fails leaves the file as it was and
the text in the pane, with the reason under it. A lesson is a shipped file:
Save on it saves a copy elsewhere (Save as). Where a copy goes is asked
through ``ask_save_path`` (a file dialog by default). What Run and Close do
is the window's business: the pane only asks (``runRequested``,
``closeRequested``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gui.i18n import tr

from .code_editor import CodeEditor
from .script_file import ScriptFileError, ScriptText, read_script, write_script

ERROR_STYLE = "color: #B00020;"  # as the worker form's errors

AskSavePath = Callable[[Path], "Path | None"]


def script_filter() -> str:
    return tr("Python script (*.py);;All files (*)")


class ScriptPane(QWidget):
    runRequested = Signal()
    closeRequested = Signal()
    modifiedChanged = Signal(bool)
    saved = Signal(Path)  # written whole to this path
    pathChanged = Signal()

    def __init__(self, ask_save_path: AskSavePath | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("scriptPane")
        self._ask_save_path = ask_save_path or self._ask_with_dialog
        self.path: Path | None = None
        self.lesson = False
        self._encoding, self._newline = "utf-8", "\n"
        self._running = False

        self.path_label = QLabel(objectName="scriptPathLabel")
        self.path_label.setTextFormat(Qt.PlainText)
        self.path_label.setMinimumWidth(40)  # a long name is cut, never the buttons
        self.editor = CodeEditor()
        self.editor.setObjectName("scriptEditor")
        self.editor.setToolTip(tr("The script. Read-only until you press Edit; Ctrl+S saves it while editing"))
        self.edit_button = _button(tr("&Edit"), "scriptEditButton",
                                   tr("Make the script editable here (it is read-only until then)"))
        self.edit_button.setCheckable(True)
        self.save_button = _button(tr("Save"), "scriptSaveButton",
                                   tr("Write the script to its file, whole or not at all (Ctrl+S in the script)"))
        self.save_as_button = _button(tr("Save as…"), "scriptSaveAsButton",
                                      tr("Write the script to another file and go on with that one"))
        self.run_button = _button(tr("Run script"), "scriptRunButton",
                                  tr("Run the script as python would, and watch every process it starts"))
        self.close_button = _button(tr("Close"), "scriptCloseButton",
                                    tr("Close the script; the worker table shows the experiment again"))
        self.error_label = QLabel(objectName="scriptErrorLabel")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.error_label.hide()

        # The name, then the buttons, on one line where they fit; in a narrow pane the
        # name gets a line of its own rather than being cut (_fit_header).
        self._header = QGridLayout()
        self._header.setContentsMargins(0, 0, 0, 0)
        self._buttons = (self.edit_button, self.save_button, self.save_as_button, self.run_button, self.close_button)
        self._name_above = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._header)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.error_label)

        self.edit_button.toggled.connect(self.set_editing)
        self.save_button.clicked.connect(self.save)
        self.save_as_button.clicked.connect(self.save_as)
        self.run_button.clicked.connect(self.runRequested)
        self.close_button.clicked.connect(self.closeRequested)
        self.editor.saveRequested.connect(self._on_save_key)
        self.editor.document().modificationChanged.connect(self._on_modification_changed)
        self._update()
        self._fit_header()

    # -- what it shows ---------------------------------------------------------------

    @property
    def modified(self) -> bool:
        return self.editor.document().isModified()

    def text(self) -> str:
        return self.editor.toPlainText()

    def name(self) -> str:
        return self.path.name if self.path else ""

    def open_file(self, path: Path, lesson: bool = False) -> None:
        """Show ``path`` read-only; raises ``ScriptFileError`` (and shows nothing new) if it cannot be shown whole."""
        script = read_script(Path(path))
        self.path, self.lesson = Path(path), lesson
        self._encoding, self._newline = script.encoding, script.newline
        self.edit_button.setChecked(False)
        self.editor.setPlainText(script.text)  # a new document state: not modified, no undo history
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.Start)
        self._clear_error()
        self._update()
        self.pathChanged.emit()

    def set_editing(self, editing: bool) -> None:
        if self.edit_button.isChecked() != editing:
            self.edit_button.setChecked(editing)  # comes back here through toggled
            return
        self.editor.set_editable(editing and not self._running)
        if editing:
            self.editor.setFocus()
        self._update()

    def set_running(self, running: bool) -> None:
        """While its run goes on the script stays as it was run: spawned children read the file again."""
        self._running = running
        self.editor.set_editable(self.edit_button.isChecked() and not running)
        self._update()  # Close too: the table shows the run's processes until it has ended

    # -- saving ------------------------------------------------------------------------

    def save(self) -> bool:
        """To its own file; a lesson is saved as a copy elsewhere. False if nothing was written."""
        if self.path is None or self._running:
            return False
        if self.lesson:
            return self.save_as()
        if not self.modified:
            return True
        return self._write(self.path)

    def save_as(self) -> bool:
        if self.path is None or self._running:
            return False
        path = self._ask_save_path(self.path)
        if path is None:
            return False
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".py")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        try:
            write_script(path, ScriptText(self.text(), self._encoding, self._newline))
        except ScriptFileError as error:
            self._show_error(str(error))
            return False
        changed = path != self.path or self.lesson
        self.path, self.lesson = path, False
        self._clear_error()
        self.editor.document().setModified(False)
        self._update()
        if changed:
            self.pathChanged.emit()
        self.saved.emit(path)
        return True

    def _on_save_key(self) -> None:
        """Ctrl+S in the script saves changes; with none it does nothing (a lesson asks no copy of itself)."""
        if self.modified:
            self.save()

    def _ask_with_dialog(self, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, tr("Save script as"), str(suggested), script_filter())
        return Path(path) if path else None

    # -- the rest ----------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_header()

    def _fit_header(self) -> None:
        spacing = self._header.horizontalSpacing() if self._header.horizontalSpacing() >= 0 else 6
        buttons = sum(button.sizeHint().width() + spacing for button in self._buttons)
        above = self.path_label.sizeHint().width() + spacing + buttons > self.width()
        if above == self._name_above:
            return
        self._name_above = above
        for widget in (self.path_label, *self._buttons):
            self._header.removeWidget(widget)
        self._header.addWidget(self.path_label, 0, 0, 1, len(self._buttons) + 1 if above else 1)
        row, first = (1, 1) if above else (0, 1)
        self._header.setColumnStretch(0, 1)
        for column, button in enumerate(self._buttons, start=first):
            self._header.addWidget(button, row, column)

    def name_above_buttons(self) -> bool:
        """The name has a line of its own: the pane is too narrow for it beside the buttons."""
        return bool(self._name_above)

    def _on_modification_changed(self, modified: bool) -> None:
        self._update()
        self.modifiedChanged.emit(modified)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _update(self) -> None:
        shown = self.path is not None
        name = self.name() + ("*" if self.modified else "")
        self.path_label.setText(tr("{name} (lesson)").format(name=name) if self.lesson else name)
        if self.isVisible():  # the name's width changed
            self._fit_header()
        self.path_label.setToolTip(str(self.path) if shown else "")
        self.edit_button.setEnabled(shown and not self._running)
        self.save_button.setEnabled(shown and not self._running and (self.modified or self.lesson))
        self.save_as_button.setEnabled(shown and not self._running)
        self.run_button.setEnabled(shown and not self._running)
        self.close_button.setEnabled(not self._running)


def _button(text: str, name: str, tooltip: str) -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.setToolTip(tooltip)
    button.setFocusPolicy(Qt.TabFocus)  # a click leaves the focus in the script, where Ctrl+S saves it
    return button
