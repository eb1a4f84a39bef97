"""Start, Join (with a timeout), Terminate and Kill."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QWidget


class ControlBar(QWidget):
    startRequested = Signal()
    joinRequested = Signal(float)  # timeout in seconds
    terminateRequested = Signal()
    killRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.start_button = _button(
            "Start", "startButton", "Ctrl+R",
            "Create one multiprocessing.Process per worker and call start() on each (Ctrl+R)",
        )
        self.join_button = _button(
            "Join", "joinButton", "Ctrl+J",
            "Call join(timeout) on the selected workers, or on all when none is selected (Ctrl+J)",
        )
        self.join_timeout_spin = QDoubleSpinBox(objectName="joinTimeoutSpin")
        self.join_timeout_spin.setRange(0.0, 3600.0)
        self.join_timeout_spin.setDecimals(1)
        self.join_timeout_spin.setSingleStep(0.5)
        self.join_timeout_spin.setValue(1.0)
        self.join_timeout_spin.setSuffix(" s")
        self.join_timeout_spin.setToolTip("The timeout passed to join(timeout=...), in seconds")
        self.terminate_button = _button(
            "Terminate", "terminateButton", "Ctrl+T",
            "Call terminate() (SIGTERM) on the selected workers, or on all when none is selected (Ctrl+T)",
        )
        self.kill_button = _button(
            "Kill", "killButton", "Ctrl+K",
            "Call kill() (SIGKILL) on the selected workers, or on all when none is selected (Ctrl+K)",
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.start_button)
        layout.addSpacing(12)
        layout.addWidget(self.join_button)
        timeout_label = QLabel("timeout:")
        timeout_label.setBuddy(self.join_timeout_spin)
        layout.addWidget(timeout_label)
        layout.addWidget(self.join_timeout_spin)
        layout.addSpacing(12)
        layout.addWidget(self.terminate_button)
        layout.addWidget(self.kill_button)
        layout.addStretch(1)

        self.start_button.clicked.connect(self.startRequested)
        self.join_button.clicked.connect(lambda: self.joinRequested.emit(self.join_timeout_spin.value()))
        self.terminate_button.clicked.connect(self.terminateRequested)
        self.kill_button.clicked.connect(self.killRequested)
        self.set_running(False, can_start=False)

    def set_running(self, running: bool, can_start: bool) -> None:
        self.start_button.setEnabled(can_start and not running)
        for button in (self.join_button, self.terminate_button, self.kill_button):
            button.setEnabled(running)


def _button(text: str, name: str, shortcut: str, tooltip: str) -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.setShortcut(QKeySequence(shortcut))
    button.setToolTip(tooltip)
    return button
