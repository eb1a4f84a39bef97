"""ProcLab's main window: it assembles the panels and runs the experiment."""
from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from engine import RunRecord, WorkerSpec
from engine.lab.lessons import explain
from engine.lab.presets import PRESETS
from engine.model.start_methods import available_start_methods
from engine.run.in_process import MAX_IN_PROCESS_SECONDS, InProcessRun
from gui.dialogs.save_question import SaveAnswer, ask_to_save
from gui.engine_bridge import EngineBridge
from gui.i18n import tr
from gui.panels.control_bar import ControlBar
from gui.panels.lock_banner import LockBanner
from gui.panels.log_panel import LogPanel
from gui.panels.run_progress import RunProgress
from gui.panels.worker_table_model import WorkerTableModel
from gui.panels.workers_panel import WorkersPanel
from gui.settings import Settings
from gui.timeline.widget import TimelineWidget

from .compare_controller import CompareController
from .compare_mode import CompareMixin
from .controls import ControlsMixin
from .files import FilesMixin
from .menus import build_menus, fill_recent_menu, save_experiment_as
from .remembered import SettingsMixin
from .run_views import RunViewsMixin

#: How often the table polls pid, is_alive() and exitcode.
POLL_INTERVAL_MS = 200
#: How often running bars grow.
FRAME_INTERVAL_MS = 50
#: How often psutil samples CPU % and memory of live workers.
RESOURCE_INTERVAL_MS = 1000
#: What "run() here" runs when no short sleep worker is selected.
RUN_IN_PROCESS_DEFAULT = WorkerSpec("run() demo", 1.0)
#: How long closing the window lets workers handle SIGTERM before SIGKILL.
CLOSE_GRACE_SECONDS = 1.0


class MainWindow(FilesMixin, CompareMixin, SettingsMixin, ControlsMixin, RunViewsMixin, QMainWindow):
    """The window: it builds the panels and wires them; the mixins hold files, compare and settings."""

    def __init__(self, parent=None, start_method: str | None = None, settings: Settings | None = None):
        """``start_method`` (the command line's) wins over the one remembered in ``settings``."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        remembered = self.settings.start_method()
        if start_method is None and remembered in available_start_methods():
            start_method = remembered
        self.model = WorkerTableModel()
        self.bridge = EngineBridge(start_method, self)
        self.experiment_path: Path | None = None
        self._modified = False
        self._run_number = 0
        self._ended_record: RunRecord | None = None
        self._exits_shown = 0
        self._fork_confirmed = False  # asked once per window

        self.workers = WorkersPanel(self.model)
        self.controls = ControlBar()
        self.timeline = TimelineWidget()
        self.lock_banner = LockBanner()
        self.explanation = QLabel(objectName="experimentExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setToolTip(tr("What the current experiment shows"))
        self.explanation.setStyleSheet("color: #303030; padding: 2px 4px;")
        self.compare_label = QLabel(objectName="compareResultLabel")
        self.compare_label.setWordWrap(True)
        self.compare_label.setToolTip(tr("Compare threads vs processes: each wall time, the speedup, cpu_count()"))
        self.compare_label.setStyleSheet("background: #EEF4FA; border: 1px solid #0072B2; padding: 4px;")
        self.compare_label.hide()
        self.compare = CompareController(self)
        self.compare_result = None  # the CompareResult the timeline shows, if any
        self.replay = None  # the engine.files.replay.Replay the timeline shows, if any
        self.replay_label = QLabel(objectName="replayLabel")
        self.replay_label.setWordWrap(True)
        self.replay_label.setToolTip(tr("A run read from a file: read-only. Start runs the experiment again."))
        self.replay_label.setStyleSheet("background: #F3F0FA; border: 1px solid #CC79A7; padding: 4px;")
        self.replay_label.hide()
        self.past_run_label = QLabel(objectName="pastRunLabel")
        self.past_run_label.setWordWrap(True)
        self.past_run_label.setToolTip(tr("The timeline shows an earlier run; the table has changed since"))
        self.past_run_label.setStyleSheet("background: #F4F4F4; border: 1px solid #999999; padding: 4px;")
        self.past_run_label.hide()
        self._run_on_view = False  # the timeline shows self.record (not the planned list)
        self.progress = RunProgress()
        self.log = LogPanel()
        self._build_layout()
        self._build_status_bar()
        self.actions = build_menus(self)

        self._poll_timer = QTimer(self, interval=POLL_INTERVAL_MS)
        self._frame_timer = QTimer(self, interval=FRAME_INTERVAL_MS)
        self._resource_timer = QTimer(self, interval=RESOURCE_INTERVAL_MS)
        self._poll_timer.timeout.connect(self._on_poll_tick)
        self._frame_timer.timeout.connect(self._on_frame)
        self._resource_timer.timeout.connect(self._on_resource_tick)
        self.bridge.sessionStarted.connect(self._on_session_started)
        self.bridge.eventsArrived.connect(self._on_events)
        self.bridge.joinFinished.connect(self._on_join_finished)
        self.bridge.resourcesSampled.connect(self.model.refresh_run_facts)
        self.controls.startRequested.connect(self.start_run)
        self.controls.joinRequested.connect(self.join_selected)
        self.controls.terminateRequested.connect(self.terminate_selected)
        self.controls.killRequested.connect(self.kill_selected)
        self.controls.startMethodChosen.connect(self.set_start_method)
        self.controls.runInProcessRequested.connect(self.run_in_process)
        self.lock_banner.releaseRequested.connect(self.release_abandoned_lock)
        self.compare.phaseStarted.connect(self._on_compare_phase)
        self.compare.finished.connect(self._on_compare_finished)
        self.compare.failed.connect(self._on_compare_failed)
        self.controls.set_start_method(self.bridge.start_method)
        self.model.modelReset.connect(self._on_experiment_replaced)
        self.model.specsChanged.connect(self._on_specs_changed)
        self._poll_timer.start()
        self._update_title()
        self._update_controls()
        self._update_explanation()
        self._restore_settings()
        self.timeline.follow_check.clicked.connect(self.settings.set_follow)  # the user's own choice only
        fill_recent_menu(self, self.settings.recent_experiments())

    # -- layout ------------------------------------------------------------

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.workers, 1)
        left_layout.addWidget(self.explanation)  # beside the table it explains; the timeline keeps its height
        left_layout.addWidget(self.controls)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.lock_banner)
        top_layout.addWidget(self.compare_label)
        top_layout.addWidget(self.replay_label)
        top_layout.addWidget(self.past_run_label)
        top_layout.addWidget(self.timeline, 1)
        right = QSplitter(Qt.Vertical)
        right.addWidget(top)
        right.addWidget(self.log)
        self.right_splitter = right
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setContentsMargins(0, 0, 6, 0)  # the timeline and its hint keep off the window edge
        self.setCentralWidget(self.splitter)

    def _build_status_bar(self) -> None:
        self.cpu_label = QLabel(f"cpu_count() = {multiprocessing.cpu_count()}", objectName="cpuCountLabel")
        self.cpu_label.setToolTip(tr("multiprocessing.cpu_count(): CPUs this machine has"))
        self.children_label = QLabel(objectName="activeChildrenLabel")
        self.children_label.setToolTip(tr("len(multiprocessing.active_children()): live child processes"))
        self.method_label = QLabel(objectName="startMethodLabel")
        self._show_start_method(self.bridge.start_method)
        self.method_label.setToolTip(tr("The multiprocessing start method used for workers"))
        self.statusBar().addPermanentWidget(self.progress)  # it has its own line before it, shown with it
        for widget in (self.method_label, self.cpu_label, self.children_label):
            # A line between each: a status message ends before the counters, not in them.
            separator = QFrame(objectName="statusSeparator", frameShape=QFrame.VLine, frameShadow=QFrame.Sunken)
            self.statusBar().addPermanentWidget(separator)
            self.statusBar().addPermanentWidget(widget)
        self._show_children(0)

    # -- the experiment ------------------------------------------------------

    def load_seed_example(self) -> None:
        self.load_preset("seed")

    def load_preset(self, name: str) -> None:
        if self._may_replace_experiment():
            self.model.set_specs(PRESETS[name]())
            self._set_experiment_path(None)

    def _start_method_confirmed(self) -> bool:
        """fork, wherever it was chosen (window, file, command line), is confirmed once."""
        return self.bridge.start_method != "fork" or self._fork_confirmed or self._confirm_fork()

    def _confirm_fork(self) -> bool:
        self._fork_confirmed = self.ask(tr("Use fork?"), tr(
            "fork makes each worker a copy of ProcLab's own process as it is at that moment, including "
            "the threads Qt runs. Only the thread that forks is copied, so a lock another thread held "
            "right then stays locked forever in the copy: a worker can hang before its first line. "
            "That is why Python 3.12 warns about it, why Python 3.14 stopped using fork by default on "
            "Linux, and why ProcLab uses forkserver. Use fork anyway?"
        ))
        return self._fork_confirmed

    def set_start_method(self, method: str) -> None:
        """From the next Start on; part of the experiment, so saving keeps it.

        Choosing fork asks first (once per window), and a No keeps the old method.
        """
        if method == self.bridge.start_method:
            return
        if method == "fork" and not self._fork_confirmed and not self._confirm_fork():
            self.controls.set_start_method(self.bridge.start_method)
            return
        self.controls.set_start_method(method)
        self.bridge.set_start_method(method)
        self.settings.set_start_method(method)  # a choice made here, not one from a file or the command line
        self._modified = True
        self._update_title()
        self._update_explanation()

    def has_unsaved_changes(self) -> bool:
        """Workers or start method edited since the last save or load (an empty untitled list is no loss)."""
        return self._modified and (bool(self.model.specs()) or self.experiment_path is not None)

    def _may_replace_experiment(self) -> bool:
        """Before a preset or another file replaces the workers: Save, Discard or Cancel."""
        return self._may_lose_changes(tr("Save the changes to {name} before its workers are replaced?"))

    def _may_lose_changes(self, question: str) -> bool:
        if not self.has_unsaved_changes():
            return True
        name = self.experiment_path.name if self.experiment_path else tr("untitled")
        answer = self.ask_to_save(question.format(name=name))
        if answer is SaveAnswer.SAVE:
            return self.save_current_experiment()
        return answer is SaveAnswer.DISCARD

    def save_current_experiment(self) -> bool:
        """Save to the experiment's file; an untitled one asks where. False if not saved."""
        if self.experiment_path is not None:
            return self.save_experiment(self.experiment_path)
        return save_experiment_as(self)

    def _set_experiment_path(self, path: Path | None) -> None:
        self.experiment_path = path
        self._modified = False
        self._update_title()

    def _on_experiment_replaced(self) -> None:
        """A preset or a file: what the old experiment's runs and comparison showed is no longer true."""
        if not self.is_running():
            self._clear_compare()
            self._run_on_view = False
            self.progress.show_record(None)

    def _on_specs_changed(self) -> None:
        self._show_what_is_current()
        if not self.is_running():
            self.model.clear_statuses()  # the last run's results belong to the old list
        self._modified = True
        self._update_title()
        self._update_controls()
        self._update_explanation()

    def _update_explanation(self) -> None:
        self.explanation.setText(explain(self.model.specs(), self.bridge.start_method, translate=tr))

    def _update_title(self) -> None:
        name = self.experiment_path.name if self.experiment_path else tr("untitled")
        title = f"{name}{'*' if self._modified else ''}"
        if self.replay is not None:
            title = tr("{run} (replay) · {experiment}").format(run=self.replay.title, experiment=title)
        self.setWindowTitle(f"{title} — ProcLab")

    # -- running -----------------------------------------------------------

    def is_running(self) -> bool:
        return self.unfinished_count() > 0 or self.compare.is_running()

    def unfinished_count(self) -> int:
        """Workers of the current run that have not exited (or not started) yet."""
        if self.record is None or self.bridge.session is None:
            return 0
        return sum(run.exit_s is None for run in self.record.workers.values())

    def start_run(self) -> None:
        specs = self.model.specs()
        if not specs or self.is_running():
            return
        if not self._start_method_confirmed():
            return
        self._run_number += 1
        starting = (tr("run {number}: starting 1 worker with the {method} start method") if len(specs) == 1 else
                    tr("run {number}: starting {count} workers with the {method} start method"))
        self.log.append_note(starting.format(number=self._run_number, count=len(specs),
                                             method=self.bridge.start_method))
        self._begin(lambda: self.bridge.start(specs))

    def run_in_process(self) -> None:
        """``Process.run()`` instead of ``start()``: the selected sleep worker, inside ProcLab."""
        if self.is_running():
            return
        selected = [spec for spec in self.model.specs() if spec.name in self.workers.selected_names()]
        fits = [s for s in selected if s.kind == "sleep" and s.interval <= MAX_IN_PROCESS_SECONDS]
        spec = fits[0] if fits else RUN_IN_PROCESS_DEFAULT
        if selected and not fits:
            self.log.append_note(
                tr("run() takes a selected sleep worker of at most {most:g} s (it cannot be stopped inside "
                   "ProcLab); none is selected, so it runs {name!r} ({seconds:g} s)").format(
                    most=MAX_IN_PROCESS_SECONDS, name=spec.name, seconds=spec.interval)
            )
        self._run_number += 1
        self.log.append_note(
            tr("run {number}: Process(name={name!r}).run(), not start(): the target runs in ProcLab's own "
               "process (pid {pid}); active_children() = {children} before").format(
                number=self._run_number, name=spec.name, pid=os.getpid(),
                children=len(multiprocessing.active_children()))
        )
        self._begin(lambda: self.bridge.start_in_process(spec))

    def _begin(self, start) -> None:
        self._clear_compare()
        self._clear_replay()
        self.model.clear_statuses()
        self.lock_banner.hide()
        try:
            start()
        except (OSError, ValueError, RuntimeError) as error:
            self.show_error(tr("Cannot start workers"), str(error))
        else:
            note = getattr(self.bridge.session, "descriptor_note", None)
            if note:  # too few file descriptors for all the workers: some will say "could not start"
                self.log.append_note(tr("warning: {note}").format(note=note))
        self._update_controls()

    @property
    def record(self) -> RunRecord | None:
        """The current run's model, kept by the bridge (None before the first Start)."""
        return self.bridge.record

    def _update_controls(self) -> None:
        running = self.is_running()
        self.workers.set_editable(not running)
        self.controls.set_running(running, can_start=bool(self.model.specs()))
        # A comparison runs to its end; run() has no process to join or signal.
        if self.compare.is_running() or isinstance(self.bridge.session, InProcessRun):
            for button in (self.controls.join_button, self.controls.terminate_button, self.controls.kill_button):
                button.setEnabled(False)
        for name in ("open", "openRun", "compare", "runInProcess", *PRESETS):
            self.actions[name].setEnabled(not running)
        self.recent_menu.setEnabled(not running and bool(self.recent_menu.actions()))

    # -- dialogs (one place, so tests can answer them) ------------------------

    def ask_to_save(self, question: str) -> SaveAnswer:
        return ask_to_save(self, question)

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def show_error(self, title: str, text: str) -> None:
        self.statusBar().showMessage(text, 10000)
        QMessageBox.warning(self, title, text)

    # -- closing ---------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if not self._may_lose_changes(tr("Save the changes to {name} before closing?")):
            event.ignore()
            return
        question = self._close_question()
        if question and not self.ask(tr("Still running"), question):
            event.ignore()
            return
        self._save_settings()
        self.finish_file_work()  # an export in progress is written whole, never cut off
        self.shutdown()
        event.accept()

    def _close_question(self) -> str:
        """What closing would stop, as a question; "" when nothing runs."""
        if self.compare.is_running():
            return tr("A comparison of threads and processes is running.\n"
                      "Stop it (its processes are terminated; its threads end with ProcLab) and close?")
        alive = self.unfinished_count()
        if not alive:
            return ""
        if isinstance(self.bridge.session, InProcessRun):
            return tr("run() is still running inside ProcLab's own process; there is no worker process "
                      "to stop.\nClose ProcLab, and the run with it?")
        if alive == 1:
            return tr("1 worker process is still running.\n"
                      "Stop it (terminate, then kill after {grace:g} s) and close?").format(grace=CLOSE_GRACE_SECONDS)
        return tr("{count} worker processes are still running.\n"
                  "Stop them (terminate, then kill after {grace:g} s) and close?").format(
            count=alive, grace=CLOSE_GRACE_SECONDS)

    def shutdown(self) -> None:
        """Stop every worker, join them and close every pipe."""
        self._poll_timer.stop()
        self._frame_timer.stop()
        self._resource_timer.stop()
        self.compare.cancel()
        self.bridge.close_session(CLOSE_GRACE_SECONDS)
        if not self.compare.wait(timeout=CLOSE_GRACE_SECONDS + 5):
            self.log.append_note(tr("compare: still stopping; its processes end with ProcLab"))
