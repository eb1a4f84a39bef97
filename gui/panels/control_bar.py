"""Start (with its start method), Join (with a timeout), Terminate, Kill, run(), and Stop for a watched script."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.model.start_methods import available_start_methods
from gui.i18n import N_, tr

START_METHOD_TIPS = {
    "spawn": N_("spawn: each worker is a fresh Python that imports what it needs (slowest, safest; "
                "the default on Windows and macOS)"),
    "forkserver": N_("forkserver: a small server process, started once, forks each worker "
                     "(fast and safe once Qt runs; the default on Linux from Python 3.14)"),
    "fork": N_("fork: the worker is a copy of ProcLab's own process, Qt's threads and all: "
               "fastest, but unsafe here (the copy can deadlock); ProcLab asks before using it"),
}


class ControlBar(QWidget):
    startRequested = Signal()
    startMethodChosen = Signal(str)
    runInProcessRequested = Signal()
    joinRequested = Signal(float)  # timeout in seconds
    terminateRequested = Signal()
    killRequested = Signal()
    stopRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.start_button = _button(
            tr("Start"), "startButton", "Ctrl+R",
            tr("Create one multiprocessing.Process per worker and call start() on each (Ctrl+R)"),
        )
        self.join_button = _button(
            tr("Join"), "joinButton", "Ctrl+J",
            tr("Call join(timeout) on the selected workers, or on all when none is selected (Ctrl+J)"),
        )
        self.join_timeout_spin = QDoubleSpinBox(objectName="joinTimeoutSpin")
        self.join_timeout_spin.setRange(0.0, 3600.0)
        self.join_timeout_spin.setDecimals(1)
        self.join_timeout_spin.setSingleStep(0.5)
        self.join_timeout_spin.setValue(1.0)
        self.join_timeout_spin.setSuffix(" s")
        self.join_timeout_spin.setToolTip(tr("The timeout passed to join(timeout=...), in seconds"))
        self.terminate_button = _button(
            tr("Terminate"), "terminateButton", "Ctrl+T",
            tr("Call terminate() (SIGTERM) on the selected workers, or on all when none is selected (Ctrl+T)"),
        )
        self.kill_button = _button(
            tr("Kill"), "killButton", "Ctrl+K",
            tr("Call kill() (SIGKILL) on the selected workers, or on all when none is selected (Ctrl+K)"),
        )
        self.stop_button = _button(
            tr("Stop"), "stopButton", "Ctrl+Shift+T",
            tr("End the whole script: SIGTERM to every process it started, then SIGKILL to any still "
               "alive after 1 s (Ctrl+Shift+T)"),
        )
        self.stop_button.hide()  # a watched script's
        self.start_method_combo = QComboBox(objectName="startMethodCombo")
        for method in available_start_methods():
            self.start_method_combo.addItem(method, method)
            self.start_method_combo.setItemData(
                self.start_method_combo.count() - 1, tr(START_METHOD_TIPS.get(method, method)), Qt.ToolTipRole)
        self.start_method_combo.setToolTip(
            tr("The start method Start uses: multiprocessing.get_context(method).Process(...). "
               "The Start cost column shows what it costs per worker.")
        )
        self.run_in_process_button = _button(
            tr("run() here"), "runInProcessButton", "",  # the Lab menu's action has Ctrl+Shift+R
            tr("Call Process.run() instead of start() for the selected sleep worker (or a 1 s one): "
               "the work runs inside ProcLab's own process, and no new pid appears (Ctrl+Shift+R)"),
        )
        self._run_in_process_tip = self.run_in_process_button.toolTip()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        first = QHBoxLayout()
        self.method_label = QLabel(tr("Start &method:"))
        self.method_label.setBuddy(self.start_method_combo)
        first.addWidget(self.method_label)
        first.addWidget(self.start_method_combo)
        first.addStretch(1)
        first.addWidget(self.run_in_process_button)
        layout.addLayout(first)
        row = QHBoxLayout()
        layout.addLayout(row)
        layout = row
        layout.addWidget(self.start_button)
        layout.addSpacing(12)
        layout.addWidget(self.join_button)
        timeout_label = QLabel(tr("timeout:"))
        timeout_label.setBuddy(self.join_timeout_spin)
        layout.addWidget(timeout_label)
        layout.addWidget(self.join_timeout_spin)
        layout.addSpacing(12)
        layout.addWidget(self.terminate_button)
        layout.addWidget(self.kill_button)
        layout.addWidget(self.stop_button)  # no spacing before it: that would widen the bar while it is hidden
        layout.addStretch(1)

        self.start_button.clicked.connect(self.startRequested)
        self.join_button.clicked.connect(self._on_join_clicked)
        self.terminate_button.clicked.connect(self.terminateRequested)
        self.kill_button.clicked.connect(self.killRequested)
        self.stop_button.clicked.connect(self.stopRequested)
        self.run_in_process_button.clicked.connect(self.runInProcessRequested)
        self.start_method_combo.activated.connect(
            lambda _index: self.startMethodChosen.emit(self.start_method_combo.currentData()))
        self.set_running(False, can_start=False)

    def start_method(self) -> str:
        return self.start_method_combo.currentData()

    def set_start_method(self, method: str) -> bool:
        """Select ``method``; False (and no change) if this platform lacks it."""
        index = self.start_method_combo.findData(method)
        if index < 0:
            return False
        self.start_method_combo.setCurrentIndex(index)
        return True

    def set_running(self, running: bool, can_start: bool, can_stop: bool = True, script: bool = False) -> None:
        """``can_stop``: the run has worker processes to join and signal (a comparison or run() has not).
        ``script``: it is a watched script's, which Stop ends whole."""
        self.start_button.setEnabled(can_start and not running)
        self.start_method_combo.setEnabled(not running)
        self.run_in_process_button.setEnabled(not running)
        for button in (self.join_button, self.terminate_button, self.kill_button):
            button.setEnabled(running and can_stop)
        self.stop_button.setEnabled(running and can_stop and script)

    def set_cluster(self, cluster: bool, connecting: bool = False) -> None:
        """Runs go to a Dask cluster: run() here cannot (it runs inside ProcLab); while the
        connection is made, Start waits."""
        if cluster:
            self.run_in_process_button.setEnabled(False)
            self.run_in_process_button.setToolTip(tr(
                "Not on a cluster: Process.run() runs the work inside ProcLab's own process, on this machine "
                "(Lab → Run on → This machine)"))
        else:
            self.run_in_process_button.setToolTip(self._run_in_process_tip)
        if connecting:
            self.start_button.setEnabled(False)

    def set_script_shown(self, shown: bool) -> None:
        """A script is shown: what starts the experiment goes (the script's pane runs it, Ctrl+R is Run
        script's) and Stop is offered for its runs."""
        for widget in (self.start_button, self.method_label, self.start_method_combo, self.run_in_process_button):
            widget.setVisible(not shown)
        self.stop_button.setVisible(shown)
        self.set_start_shortcut(not shown)

    def set_start_shortcut(self, on: bool) -> None:
        self.start_button.setShortcut(QKeySequence("Ctrl+R" if on else ""))

    def set_stop_pending(self) -> None:
        """stop() is under way: Stop is off until the run has ended."""
        self.stop_button.setEnabled(False)

    def set_join_pending(self) -> None:
        """A join() waits: Join is off until the window hears how it ended."""
        self.join_button.setEnabled(False)

    def _on_join_clicked(self) -> None:
        self.joinRequested.emit(self.join_timeout_spin.value())


def _button(text: str, name: str, shortcut: str, tooltip: str) -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.setShortcut(QKeySequence(shortcut))
    button.setToolTip(tooltip)
    return button
