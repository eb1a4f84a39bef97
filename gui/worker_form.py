"""The form that adds a worker: name, interval, Add."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget,
)

from engine import SpecError, WorkerSpec
from engine.spec import INTERVAL_MAX_SECONDS, NAME_MAX_LENGTH, validate_name

ERROR_STYLE = "color: #B00020;"


class WorkerForm(QWidget):
    """Hands back a valid ``WorkerSpec`` through ``addRequested``.

    The owner decides whether the spec fits the experiment and answers with
    ``accept()`` (the form clears and proposes the next name) or
    ``show_error(message)`` (the message appears under the fields and the
    typed values stay).
    """

    addRequested = Signal(object)  # WorkerSpec

    def __init__(self, parent=None):
        super().__init__(parent)
        self.name_edit = QLineEdit(objectName="workerNameEdit")
        self.name_edit.setPlaceholderText("worker name, e.g. worker1")
        self.name_edit.setMaxLength(NAME_MAX_LENGTH * 4)  # longer input gets a message, not a silent cut
        self.name_edit.setToolTip(
            f"Process name (Process(name=...)): unique, 1 to {NAME_MAX_LENGTH} printable characters. "
            "Press Enter to add."
        )
        self.interval_spin = QDoubleSpinBox(objectName="workerIntervalSpin")
        self.interval_spin.setRange(0.001, INTERVAL_MAX_SECONDS)
        self.interval_spin.setDecimals(3)
        self.interval_spin.setSingleStep(0.5)
        self.interval_spin.setValue(2.0)
        self.interval_spin.setSuffix(" s")
        self.interval_spin.setToolTip(
            "Seconds the worker sleeps (time.sleep) between printing 'start' and 'end'; "
            f"more than 0, at most {INTERVAL_MAX_SECONDS:g}."
        )
        self.add_button = QPushButton("&Add", objectName="addWorkerButton")
        self.add_button.setToolTip("Add this worker to the experiment (Enter)")
        self.error_label = QLabel(objectName="workerFormError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        fields = QFormLayout()
        fields.addRow(_label("&Name:", self.name_edit), self.name_edit)
        row = QHBoxLayout()
        row.addWidget(self.interval_spin, 1)
        row.addWidget(self.add_button)
        fields.addRow(_label("&Interval:", self.interval_spin), row)
        fields.addRow(self.error_label)
        self.setLayout(fields)

        self.add_button.clicked.connect(self._on_add)
        self.name_edit.returnPressed.connect(self._on_add)
        self.interval_spin.lineEdit().returnPressed.connect(self._on_add)
        self.name_edit.textEdited.connect(self._on_edited)

    def propose_name(self, name: str) -> None:
        self.name_edit.setText(name)

    def accept(self, next_name: str = "") -> None:
        self.clear_error()
        self.name_edit.setText(next_name)
        self.name_edit.selectAll()
        self.name_edit.setFocus()

    def show_error(self, message: str, focus: bool = True) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        if focus:
            self.name_edit.setFocus()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def error_text(self) -> str:
        return self.error_label.text()

    def _on_edited(self, _text: str) -> None:
        self.clear_error()

    def _on_add(self) -> None:
        try:
            spec = WorkerSpec(validate_name(self.name_edit.text()), self.interval_spin.value())
        except SpecError as error:
            self.show_error(f"Name {error.message}.")
            return
        self.addRequested.emit(spec)


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)  # Alt+letter moves the focus to the field
    return label
