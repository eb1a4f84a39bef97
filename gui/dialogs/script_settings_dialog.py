"""Lab → Python for scripts: the interpreter a watched script runs under, its start method, the process limit.

The interpreter is checked (``engine.watch.interpreter.check_python``: it
runs and is Python 3.10 to 3.13) before the dialog closes; a refused one
keeps the dialog open with the reason in it. An empty field means the
Python ProcLab runs on. The values chosen are read back as plain values:
``python`` (None for ProcLab's own), ``start_method`` (None for the
script's own choice) and ``process_limit``.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from engine.model.start_methods import available_start_methods
from engine.watch.interpreter import check_python, default_python
from gui.i18n import tr
from gui.settings import MAX_PROCESS_LIMIT

ERROR_STYLE = "color: #B00020;"
OK_STYLE = "color: #1B6E20;"


class ScriptSettingsDialog(QDialog):
    def __init__(self, python: str | None, start_method: str | None, process_limit: int, parent=None):
        super().__init__(parent, objectName="scriptSettingsDialog")
        self.setWindowTitle(tr("Python for scripts"))
        self._default = default_python()
        intro = QLabel(tr("How Run script runs a script: under which Python, with which start method when the "
                          "script does not choose one, and how many processes it may start before ProcLab "
                          "stops it."))
        intro.setWordWrap(True)

        self.python_edit = QLineEdit(python or "", objectName="scriptPythonEdit")
        self.python_edit.setPlaceholderText(self._default or tr("no Python found: choose one"))
        self.python_edit.setToolTip(tr("The Python interpreter (3.10 to 3.13) that runs scripts; "
                                       "empty: the one ProcLab runs on"))
        self.browse_button = QPushButton(tr("Browse…"), objectName="scriptPythonBrowseButton")
        self.browse_button.setToolTip(tr("Choose a Python interpreter file"))
        self.own_button = QPushButton(tr("ProcLab's own"), objectName="scriptPythonDefaultButton")
        self.own_button.setToolTip(tr("Run scripts under the Python ProcLab runs on: {python}").format(
            python=self._default or tr("none found")))
        self.version_label = QLabel(objectName="scriptPythonVersionLabel")
        self.version_label.setWordWrap(True)
        self.version_label.setTextInteractionFlags(Qt.TextSelectableByMouse)

        self.start_method_combo = QComboBox(objectName="scriptStartMethodCombo")
        self.start_method_combo.addItem(tr("the script's own (as python runs it)"), None)
        for method in available_start_methods():
            self.start_method_combo.addItem(method, method)
        self.start_method_combo.setCurrentIndex(max(0, self.start_method_combo.findData(start_method)))
        self.start_method_combo.setToolTip(tr(
            "The start method a script gets when it does not call set_start_method() itself; "
            "one it chooses is always kept"))
        self.limit_spin = QSpinBox(objectName="processLimitSpin")
        self.limit_spin.setRange(1, MAX_PROCESS_LIMIT)
        self.limit_spin.setValue(process_limit)
        self.limit_spin.setToolTip(tr("A script that starts more processes than this is stopped, with a message"))

        python_row = QHBoxLayout()
        python_row.addWidget(self.python_edit, 1)
        python_row.addWidget(self.browse_button)
        python_row.addWidget(self.own_button)
        form = QFormLayout()
        form.addRow(tr("&Python:"), python_row)
        form.addRow("", self.version_label)
        form.addRow(tr("&Start method:"), self.start_method_combo)
        form.addRow(tr("Process &limit:"), self.limit_spin)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setObjectName("scriptSettingsOkButton")
        self.ok_button.setToolTip(tr("Check the interpreter and keep these settings"))
        cancel = buttons.button(QDialogButtonBox.Cancel)
        cancel.setObjectName("scriptSettingsCancelButton")
        cancel.setToolTip(tr("Keep the settings as they were (Esc)"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.browse_button.clicked.connect(self._browse)
        self.own_button.clicked.connect(self._use_own)
        self.python_edit.editingFinished.connect(self.check)
        self.python_edit.textEdited.connect(lambda _text: self._show("", OK_STYLE))
        self.check()

    # -- what was chosen ----------------------------------------------------------------

    @property
    def python(self) -> str | None:
        """The interpreter chosen; None for ProcLab's own."""
        text = self.python_edit.text().strip()
        return text if text and text != self._default else None

    @property
    def start_method(self) -> str | None:
        return self.start_method_combo.currentData()

    @property
    def process_limit(self) -> int:
        return self.limit_spin.value()

    # -- checking ----------------------------------------------------------------------------

    def check(self) -> bool:
        """Run the interpreter once: its version, or why it cannot run scripts, under the field."""
        path = self.python_edit.text().strip() or self._default or ""
        try:
            version = check_python(path)
        except ValueError as error:
            self._show(str(error), ERROR_STYLE)
            return False
        self._show(version if path != self._default else tr("{version} (ProcLab's own)").format(version=version),
                   OK_STYLE)
        return True

    def accept(self) -> None:
        if self.check():
            super().accept()
        else:
            self.python_edit.setFocus()

    def error_text(self) -> str:
        return self.version_label.text() if self.version_label.styleSheet() == ERROR_STYLE else ""

    def _show(self, text: str, style: str) -> None:
        self.version_label.setText(text)
        self.version_label.setStyleSheet(style)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Choose a Python interpreter"),
                                              self.python_edit.text() or self._default or "")
        if path:
            self.python_edit.setText(path)
            self.check()

    def _use_own(self) -> None:
        self.python_edit.clear()
        self.check()
