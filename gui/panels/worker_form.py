"""The form that adds a worker: name, kind (and its options), interval, Add."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine import SpecError, WorkerSpec
from engine.model.spec import (
    CRASH_DESCRIPTIONS,
    CRASH_MODES_WITH_STATUS,
    DEFAULT_EXIT_STATUS,
    DEFAULT_MESSAGES,
    INTERVAL_MAX_SECONDS,
    KIND_DESCRIPTIONS,
    MESSAGES_MAX,
    NAME_MAX_LENGTH,
    validate_name,
)
from gui.i18n import N_, tr

from .interval_field import IntervalField

#: What the interval means for each kind (the interval field's tooltip).
INTERVAL_MEANING = {
    "sleep": N_("Seconds the worker sleeps (time.sleep) between printing 'start' and 'end'"),
    "cpu": N_("Seconds of pure-Python work on one free core (calibrated here; threads sharing the GIL take longer)"),
    "lock": N_("Seconds the worker holds the shared Lock once lock.acquire() returns"),
    "messages": N_("Seconds over which the messages are spread evenly"),
    "crash": N_("Seconds the worker runs before it crashes"),
    "stubborn": N_("Seconds the worker sleeps, ignoring SIGTERM, unless kill() ends it first"),
}

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
        self.name_edit.setPlaceholderText(tr("worker name, e.g. worker1"))
        self.name_edit.setMaxLength(NAME_MAX_LENGTH * 4)  # longer input gets a message, not a silent cut
        self.name_edit.setToolTip(
            tr("Process name (Process(name=...)): unique, 1 to {max} printable characters. "
               "Press Enter to add.").format(max=NAME_MAX_LENGTH)
        )
        # Text as typed, judged at Add; its tooltip says what the interval means for the kind (_on_kind_changed).
        self.interval_edit = IntervalField(2.0)
        seconds_label = QLabel(tr("seconds"))
        self.kind_combo = QComboBox(objectName="workerKindCombo")
        for kind, description in KIND_DESCRIPTIONS.items():
            self.kind_combo.addItem(kind, kind)
            self.kind_combo.setItemData(self.kind_combo.count() - 1, tr(description), Qt.ToolTipRole)
        self.messages_spin = QSpinBox(objectName="workerMessagesSpin")
        self.messages_spin.setRange(1, MESSAGES_MAX)
        self.messages_spin.setValue(DEFAULT_MESSAGES)
        self.messages_spin.setSuffix(tr(" messages"))
        self.messages_spin.setToolTip(
            tr("How many messages the worker sends with Connection.send() over its multiprocessing.Pipe")
        )
        self.crash_combo = QComboBox(objectName="workerCrashCombo")
        for crash, description in CRASH_DESCRIPTIONS.items():
            self.crash_combo.addItem(crash, crash)
            self.crash_combo.setItemData(self.crash_combo.count() - 1, tr(description), Qt.ToolTipRole)
        self.crash_combo.setToolTip(tr("How the worker fails once its interval is over"))
        self.exit_status_spin = QSpinBox(objectName="workerExitStatusSpin")
        self.exit_status_spin.setRange(1, 255)
        self.exit_status_spin.setValue(DEFAULT_EXIT_STATUS)
        self.exit_status_spin.setPrefix("N = ")
        self.exit_status_spin.setToolTip(tr("The exit status N passed to sys.exit(N) or os._exit(N): 1 to 255"))
        self.add_button = QPushButton(tr("&Add"), objectName="addWorkerButton")
        self.add_button.setToolTip(tr("Add this worker to the experiment (Enter)"))
        self.error_label = QLabel(objectName="workerFormError")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        fields = QFormLayout()
        fields.addRow(_label(tr("&Name:"), self.name_edit), self.name_edit)
        kind_row = QHBoxLayout()
        for widget in (self.kind_combo, self.messages_spin, self.crash_combo, self.exit_status_spin):
            kind_row.addWidget(widget)
        kind_row.addStretch(1)
        fields.addRow(_label(tr("&Kind:"), self.kind_combo), kind_row)
        row = QHBoxLayout()
        row.addWidget(self.interval_edit, 1)
        row.addWidget(seconds_label)
        row.addWidget(self.add_button)
        fields.addRow(_label(tr("&Interval:"), self.interval_edit), row)
        fields.addRow(self.error_label)
        self.setLayout(fields)

        self.add_button.clicked.connect(self._on_add)
        self.name_edit.returnPressed.connect(self._on_add)
        self.interval_edit.returnPressed.connect(self._on_add)
        self.interval_edit.textEdited.connect(self._on_edited)
        self.name_edit.textEdited.connect(self._on_edited)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.crash_combo.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed()

    def kind(self) -> str:
        return self.kind_combo.currentData()

    def set_kind(self, kind: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))

    def _on_kind_changed(self, *_args) -> None:
        """Show only the options the chosen kind uses; say what it does."""
        kind = self.kind()
        self.messages_spin.setVisible(kind == "messages")
        self.crash_combo.setVisible(kind == "crash")
        self.exit_status_spin.setVisible(kind == "crash" and self.crash_combo.currentData() in CRASH_MODES_WITH_STATUS)
        self.kind_combo.setToolTip(tr("The worker's workload. {kind}: {description}").format(
            kind=kind, description=tr(KIND_DESCRIPTIONS[kind])))
        self.interval_edit.setToolTip(tr("{meaning}; more than 0, at most {max}. Up and Down step by 0.5 s.")
                                      .format(meaning=tr(INTERVAL_MEANING[kind]), max=f"{INTERVAL_MAX_SECONDS:g}"))

    @property
    def interval_spin(self) -> IntervalField:
        """The interval field under the name it had as a spin box (``setValue``/``value`` still work)."""
        return self.interval_edit

    def propose_name(self, name: str) -> None:
        self.name_edit.setText(name)

    def accept(self, next_name: str = "") -> None:
        self.clear_error()
        self.name_edit.setText(next_name)
        self.name_edit.selectAll()
        self.name_edit.setFocus()

    def show_error(self, message: str, focus: bool = True, field: QLineEdit | None = None) -> None:
        """``message`` under the fields; the focus (and a selection, to retype) on ``field`` (the name)."""
        self.error_label.setText(message)
        self.error_label.show()
        if focus:
            field = field or self.name_edit
            field.setFocus()
            field.selectAll()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()
        self.interval_edit.set_invalid(False)

    def error_text(self) -> str:
        return self.error_label.text()

    def _on_edited(self, _text: str) -> None:
        self.clear_error()

    def _on_add(self) -> None:
        """Refuse a bad name or interval where it was typed, with the reason; keep the text."""
        try:
            name = validate_name(self.name_edit.text())
        except SpecError as error:
            self.show_error(tr("Name {message}.").format(message=error.message))
            return
        try:
            interval = self.interval_edit.interval()
        except SpecError as error:
            self.show_error(tr("Interval {message}. Nothing was added.").format(message=error.message),
                            field=self.interval_edit)
            self.interval_edit.set_invalid(True)
            return
        spec = WorkerSpec(name, interval, self.kind(), messages=self.messages_spin.value(),
                          crash=self.crash_combo.currentData(), exit_status=self.exit_status_spin.value())
        self.addRequested.emit(spec)


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)  # Alt+letter moves the focus to the field
    return label
