"""ProcLab's main window: it assembles the panels and runs the experiment."""
from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from engine import OutputLine, RunRecord, WorkerExited, describe_exitcode
from engine.experiment_file import ExperimentFileError, load_experiment, save_experiment
from engine.presets import seed_example

from .control_bar import ControlBar
from .engine_bridge import EngineBridge
from .log_panel import LogPanel
from .menus import build_menus
from .timeline_export import ExportError, export_widget, save_png
from .timeline_widget import TimelineWidget
from .worker_table_model import WorkerTableModel
from .workers_panel import WorkersPanel

#: How often the table polls pid, is_alive() and exitcode.
POLL_INTERVAL_MS = 200
#: How often running bars grow.
FRAME_INTERVAL_MS = 50
#: How long closing the window lets workers handle SIGTERM before SIGKILL.
CLOSE_GRACE_SECONDS = 1.0


class MainWindow(QMainWindow):
    def __init__(self, parent=None, start_method: str | None = None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.model = WorkerTableModel()
        self.bridge = EngineBridge(start_method, self)
        self.experiment_path: Path | None = None
        self._modified = False
        self._run_number = 0
        self._ended_record: RunRecord | None = None
        self._exits_shown = 0

        self.workers = WorkersPanel(self.model)
        self.controls = ControlBar()
        self.timeline = TimelineWidget()
        self.log = LogPanel()
        self._build_layout()
        self._build_status_bar()
        self.actions = build_menus(self)

        self._poll_timer = QTimer(self, interval=POLL_INTERVAL_MS)
        self._frame_timer = QTimer(self, interval=FRAME_INTERVAL_MS)
        self._poll_timer.timeout.connect(self._on_poll_tick)
        self._frame_timer.timeout.connect(self._on_frame)
        self.bridge.sessionStarted.connect(self._on_session_started)
        self.bridge.eventsArrived.connect(self._on_events)
        self.bridge.joinFinished.connect(self._on_join_finished)
        self.controls.startRequested.connect(self.start_run)
        self.controls.joinRequested.connect(self.join_selected)
        self.controls.terminateRequested.connect(self.terminate_selected)
        self.controls.killRequested.connect(self.kill_selected)
        self.model.specsChanged.connect(self._on_specs_changed)
        self._poll_timer.start()
        self._update_title()
        self._update_controls()
        self.resize(1200, 760)

    # -- layout ------------------------------------------------------------

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.workers, 1)
        left_layout.addWidget(self.controls)
        right = QSplitter(Qt.Vertical)
        right.addWidget(self.timeline)
        right.addWidget(self.log)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

    def _build_status_bar(self) -> None:
        self.cpu_label = QLabel(f"cpu_count() = {multiprocessing.cpu_count()}", objectName="cpuCountLabel")
        self.cpu_label.setToolTip("multiprocessing.cpu_count(): CPUs this machine has")
        self.children_label = QLabel(objectName="activeChildrenLabel")
        self.children_label.setToolTip("len(multiprocessing.active_children()): live child processes")
        self.method_label = QLabel(f"start method: {self.bridge.start_method}", objectName="startMethodLabel")
        self.method_label.setToolTip("The multiprocessing start method used for workers")
        for label in (self.method_label, self.cpu_label, self.children_label):
            self.statusBar().addPermanentWidget(label)
        self._show_children(0)

    # -- the experiment ------------------------------------------------------

    def load_seed_example(self) -> None:
        if self._may_replace_experiment():
            self.model.set_specs(seed_example())
            self._set_experiment_path(None)

    def open_experiment(self, path: Path) -> bool:
        """Replace the worker list with ``path``'s; on error, keep it and say why."""
        try:
            specs = load_experiment(Path(path))
        except ExperimentFileError as error:
            self.show_error("Cannot open experiment", str(error))
            return False
        self.model.set_specs(specs)
        self._set_experiment_path(Path(path))
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save_experiment(self, path: Path) -> bool:
        try:
            save_experiment(Path(path), self.model.specs())
        except (OSError, ValueError) as error:
            self.show_error("Cannot save experiment", f"{path}: {error}. The old file, if any, is unchanged.")
            return False
        self._set_experiment_path(Path(path))
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def export_timeline(self, path: Path) -> bool:
        return self._export(lambda: export_widget(self.timeline.plot, Path(path)), path, "timeline")

    def save_window_screenshot(self, path: Path) -> bool:
        return self._export(lambda: save_png(self, Path(path)), path, "screenshot")

    def _export(self, write, path: Path, what: str) -> bool:
        try:
            write()
        except (OSError, ExportError) as error:
            self.show_error(f"Cannot save {what}", f"{path}: {getattr(error, 'strerror', None) or error}")
            return False
        self.statusBar().showMessage(f"Saved {what} to {path}", 5000)
        return True

    def _may_replace_experiment(self) -> bool:
        return not self._modified or not self.model.specs() or self.ask(
            "Replace workers?", "The current workers have unsaved changes. Replace them?"
        )

    def _set_experiment_path(self, path: Path | None) -> None:
        self.experiment_path = path
        self._modified = False
        self._update_title()

    def _on_specs_changed(self) -> None:
        if self.record is None:
            self.timeline.show_planned(self.model.names())
        if not self.is_running():
            self.model.clear_statuses()  # the last run's results belong to the old list
        self._modified = True
        self._update_title()
        self._update_controls()

    def _update_title(self) -> None:
        name = self.experiment_path.name if self.experiment_path else "untitled"
        self.setWindowTitle(f"{name}{'*' if self._modified else ''} — ProcLab")

    # -- running -----------------------------------------------------------

    def is_running(self) -> bool:
        return self.unfinished_count() > 0

    def unfinished_count(self) -> int:
        """Workers of the current run that have not exited (or not started) yet."""
        if self.record is None or self.bridge.session is None:
            return 0
        return sum(run.exit_s is None for run in self.record.workers.values())

    def start_run(self) -> None:
        specs = self.model.specs()
        if not specs or self.is_running():
            return
        self._run_number += 1
        self.log.append_note(f"run {self._run_number}: starting {len(specs)} workers")
        self.model.clear_statuses()
        try:
            self.bridge.start(specs)
        except (OSError, ValueError, RuntimeError) as error:
            self.show_error("Cannot start workers", str(error))
        self._update_controls()

    @property
    def record(self) -> RunRecord | None:
        """The current run's model, kept by the bridge (None before the first Start)."""
        return self.bridge.record

    def _on_session_started(self, record: RunRecord) -> None:
        self._exits_shown = 0
        self.method_label.setText(f"start method: {self.bridge.start_method}")
        self.timeline.follow_check.setChecked(True)
        self._frame_timer.start()

    def _on_events(self, events: list) -> None:
        if self.record is None:
            return
        for event in events:
            if isinstance(event, OutputLine):
                self.log.append_output(event)
            elif isinstance(event, WorkerExited):
                self._exits_shown += 1
                self.log.append_note(f"{event.worker} (pid {event.pid}) exited: {describe_exitcode(event.exitcode)}")
        # The record runs ahead of the queued batches: the run has ended for
        # the window when the last exit has reached the log, not before.
        if self._exits_shown == len(self.record.workers):
            self._on_run_ended()

    def _on_run_ended(self) -> None:
        self._ended_record = self.record
        self._frame_timer.stop()
        self._on_frame()
        self._on_poll(block=True)  # final states now, not at the next tick
        self.log.append_note(f"run {self._run_number}: all workers ended")
        self._update_controls()

    def _on_frame(self) -> None:
        if self.record is not None:
            now_s = (time.perf_counter_ns() - self.record.t0_ns) / 1e9
            end_s = now_s if self.is_running() else self.record.last_time_s()
            self.timeline.show_run(self.record, end_s)

    def run_has_ended(self) -> bool:
        """The current run ended and the window has shown it (table, log, controls)."""
        return self.record is not None and self._ended_record is self.record

    def _on_poll_tick(self) -> None:
        # Only a run in progress changes; after it, the table keeps what the
        # end-of-run poll showed until the experiment is edited.
        if self.is_running():
            self._on_poll(block=False)

    def _on_poll(self, block: bool) -> None:
        # The timer never waits for the engine: while it starts a worker, skip a tick.
        statuses = self.bridge.statuses(block=block)
        if statuses is not None:
            self.model.update_statuses(statuses)
        count = self.bridge.active_children_count(block=block)
        if count is not None:
            self._show_children(count)

    def _show_children(self, count: int) -> None:
        self.children_label.setText(f"active_children() = {count}")

    def _update_controls(self) -> None:
        running = self.is_running()
        self.workers.set_editable(not running)
        self.controls.set_running(running, can_start=bool(self.model.specs()))
        for name in ("open", "seed"):
            self.actions[name].setEnabled(not running)

    # -- join, terminate, kill -----------------------------------------------

    def _targets(self) -> list[str] | None:
        """The selected workers, or None for all of them."""
        return self.workers.selected_names() or None

    @staticmethod
    def _describe(names: list[str] | None) -> str:
        return ", ".join(names) if names else "all workers"

    def join_selected(self, timeout: float) -> None:
        self.controls.join_button.setEnabled(False)
        self.bridge.request_join(self._targets(), timeout)

    def _on_join_finished(self, names: list, timeout: float, still_alive: list) -> None:
        if still_alive:
            outcome = f"{', '.join(still_alive)} still alive"
        else:
            outcome = f"{', '.join(names)} ended" if len(names) <= 3 else "all ended"
        self.log.append_note(f"join(timeout={float(timeout)!r}) returned; {outcome}")
        self._update_controls()

    def terminate_selected(self) -> None:
        self._signal("terminate", "SIGTERM", self.bridge.terminate)

    def kill_selected(self) -> None:
        self._signal("kill", "SIGKILL", self.bridge.kill)

    def _signal(self, call: str, signal_name: str, send) -> None:
        targets = self._targets()
        sent = send(targets)
        if sent:
            self.log.append_note(f"{call}() sent {signal_name} to {', '.join(sent)}")
        else:
            self.log.append_note(f"{call}(): none of {self._describe(targets)} is alive")

    # -- dialogs (one place, so tests can answer them) ------------------------

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def show_error(self, title: str, text: str) -> None:
        self.statusBar().showMessage(text, 10000)
        QMessageBox.warning(self, title, text)

    # -- closing ---------------------------------------------------------------

    def closeEvent(self, event) -> None:
        alive = self.unfinished_count()
        if alive and not self.ask(
            "Workers are running",
            f"{alive} worker process{'es are' if alive != 1 else ' is'} still running.\n"
            f"Stop {'them' if alive != 1 else 'it'} (terminate, then kill after {CLOSE_GRACE_SECONDS:g} s) and close?",
        ):
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop every worker, join them and close every pipe."""
        self._poll_timer.stop()
        self._frame_timer.stop()
        self.bridge.close_session(CLOSE_GRACE_SECONDS)
