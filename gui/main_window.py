"""ProcLab's main window: it assembles the panels and runs the experiment."""
from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

from engine import (
    LockAbandoned, LockRecovered, OutputLine, RoundTrip, RunRecord, WorkerExited, WorkerSpec,
)
from engine.atomic_write import write_text_atomically
from engine.experiment_file import ExperimentFileError, load_experiment, save_experiment
from engine.in_process import MAX_IN_PROCESS_SECONDS, InProcessRun
from engine.lessons import explain
from engine.presets import PRESETS
from engine.script_export import generate_script
from engine.start_methods import available_start_methods

from .code_dialog import CodeDialog
from .compare_controller import CompareController
from .control_bar import ControlBar
from .engine_bridge import EngineBridge
from .about_dialog import AboutDialog
from .i18n import tr
from .lock_banner import LockBanner
from .log_panel import LogPanel
from .theme import exit_code_label
from .menus import build_menus, fill_recent_menu
from .run_progress import RunProgress
from .settings import Settings
from .timeline_export import ExportError, export_widget, save_png
from .timeline_widget import TimelineWidget
from .worker_table_model import WorkerTableModel
from .workers_panel import WorkersPanel

#: How often the table polls pid, is_alive() and exitcode.
POLL_INTERVAL_MS = 200
#: How often running bars grow.
FRAME_INTERVAL_MS = 50
#: How often psutil samples CPU % and memory of live workers.
RESOURCE_INTERVAL_MS = 1000
#: What "run() here" runs when no short sleep worker is selected.
RUN_IN_PROCESS_DEFAULT = WorkerSpec("run() demo", 1.0)
#: The window's first size where the screen has room: the table's ten columns and a timeline.
DEFAULT_SIZE = (1500, 880)
#: How long closing the window lets workers handle SIGTERM before SIGKILL.
CLOSE_GRACE_SECONDS = 1.0


def compare_json_path(image_path: Path) -> Path:
    """timeline.png -> timeline.compare.json, beside the image."""
    return image_path.with_name(f"{image_path.stem}.compare.json")


class MainWindow(QMainWindow):
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
        self.replay = None  # the engine.replay.Replay the timeline shows, if any
        self.replay_label = QLabel(objectName="replayLabel")
        self.replay_label.setWordWrap(True)
        self.replay_label.setToolTip(tr("A run read from a file: read-only. Start runs the experiment again."))
        self.replay_label.setStyleSheet("background: #F3F0FA; border: 1px solid #CC79A7; padding: 4px;")
        self.replay_label.hide()
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
        self.model.specsChanged.connect(self._on_specs_changed)
        self._poll_timer.start()
        self._update_title()
        self._update_controls()
        self._update_explanation()
        self._restore_settings()
        self.timeline.follow_check.toggled.connect(self.settings.set_follow)
        fill_recent_menu(self, self.settings.recent_experiments())

    # -- layout ------------------------------------------------------------

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.workers, 1)
        left_layout.addWidget(self.controls)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.explanation)
        top_layout.addWidget(self.lock_banner)
        top_layout.addWidget(self.compare_label)
        top_layout.addWidget(self.replay_label)
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
        self.setCentralWidget(self.splitter)

    def _build_status_bar(self) -> None:
        self.cpu_label = QLabel(f"cpu_count() = {multiprocessing.cpu_count()}", objectName="cpuCountLabel")
        self.cpu_label.setToolTip(tr("multiprocessing.cpu_count(): CPUs this machine has"))
        self.children_label = QLabel(objectName="activeChildrenLabel")
        self.children_label.setToolTip(tr("len(multiprocessing.active_children()): live child processes"))
        self.method_label = QLabel(objectName="startMethodLabel")
        self._show_start_method(self.bridge.start_method)
        self.method_label.setToolTip(tr("The multiprocessing start method used for workers"))
        for widget in (self.progress, self.method_label, self.cpu_label, self.children_label):
            self.statusBar().addPermanentWidget(widget)
        self._show_children(0)

    def _restore_settings(self) -> None:
        """Geometry and splitters as they were when ProcLab last closed; else sized to the screen."""
        geometry = self.settings.geometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self._size_to_screen()
        for name, splitter in self._splitters().items():
            state = self.settings.splitter_state(name)
            if state is not None:
                splitter.restoreState(state)
        self.timeline.follow_check.setChecked(self.settings.follow())

    def _save_settings(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        for name, splitter in self._splitters().items():
            self.settings.set_splitter_state(name, splitter.saveState())
        self.settings.set_start_method(self.bridge.start_method)
        self.settings.sync()

    def _splitters(self) -> dict:
        return {"main": self.splitter, "right": self.right_splitter}

    def _size_to_screen(self) -> None:
        """As large as the table's ten columns and a timeline need, within the screen."""
        width, height = DEFAULT_SIZE
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, max(room.width() - 40, 900)), min(height, max(room.height() - 40, 600))
        self.resize(width, height)
        # The table through its last column where it fits; the timeline takes the rest.
        self.splitter.setSizes([round(width * 0.54), round(width * 0.46)])

    # -- the experiment ------------------------------------------------------

    def load_seed_example(self) -> None:
        self.load_preset("seed")

    def load_preset(self, name: str) -> None:
        if self._may_replace_experiment():
            self.model.set_specs(PRESETS[name]())
            self._set_experiment_path(None)

    def open_experiment(self, path: Path) -> bool:
        """Replace the worker list with ``path``'s; on error, keep it and say why."""
        try:
            experiment = load_experiment(Path(path))
        except ExperimentFileError as error:
            self.show_error(tr("Cannot open experiment"), str(error))
            return False
        method = experiment.start_method
        if method is not None and not self.controls.set_start_method(method):
            self.show_error(tr("Start method not available"),
                            tr("{path}: start_method: {method!r} is not available on this platform; "
                               "keeping {kept}.").format(path=path, method=method, kept=self.bridge.start_method))
        elif method is not None:
            self.bridge.set_start_method(method)
        self.model.set_specs(experiment.workers)
        self._set_experiment_path(Path(path))
        self._remember_experiment(Path(path))
        self.statusBar().showMessage(tr("Opened {path}").format(path=path), 5000)
        return True

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
        self._modified = True
        self._update_title()
        self._update_explanation()

    def save_experiment(self, path: Path) -> bool:
        try:
            save_experiment(Path(path), self.model.specs(), self.bridge.start_method)
        except (OSError, ValueError) as error:
            self.show_error(tr("Cannot save experiment"),
                            tr("{path}: {error}. The old file, if any, is unchanged.").format(path=path, error=error))
            return False
        self._set_experiment_path(Path(path))
        self._remember_experiment(Path(path))
        self.statusBar().showMessage(tr("Saved {path}").format(path=path), 5000)
        return True

    def export_timeline(self, path: Path) -> bool:
        """The image; with a comparison shown, also its figures as ``NAME.compare.json``."""
        path = Path(path)
        if not self._export(lambda: export_widget(self.timeline.export_target(), path), path, tr("timeline")):
            return False
        if self.compare_result is not None:
            data_path = compare_json_path(path)
            text = json.dumps(self.compare_result.to_json(), indent=2) + "\n"
            return self._export(lambda: write_text_atomically(data_path, text), data_path, tr("comparison"))
        return True

    def show_code(self) -> CodeDialog:
        """The experiment as a plain multiprocessing script, in a dialog."""
        name = self.experiment_path.stem if self.experiment_path else "proclab_experiment"
        dialog = CodeDialog(generate_script(self.model.specs(), self.bridge.start_method), f"{name}.py", self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def save_window_screenshot(self, path: Path) -> bool:
        return self._export(lambda: save_png(self, Path(path)), path, tr("screenshot"))

    def _export(self, write, path: Path, what: str) -> bool:
        try:
            write()
        except (OSError, ExportError) as error:
            self.show_error(tr("Cannot save {what}").format(what=what),
                            f"{path}: {getattr(error, 'strerror', None) or error}")
            return False
        self.statusBar().showMessage(tr("Saved {what} to {path}").format(what=what, path=path), 5000)
        return True

    def _may_replace_experiment(self) -> bool:
        return not self._modified or not self.model.specs() or self.ask(
            tr("Replace workers?"), tr("The current workers have unsaved changes. Replace them?")
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
        self._update_explanation()

    def _update_explanation(self) -> None:
        self.explanation.setText(explain(self.model.specs(), self.bridge.start_method, translate=tr))

    def _update_title(self) -> None:
        name = self.experiment_path.name if self.experiment_path else tr("untitled")
        title = f"{name}{'*' if self._modified else ''}"
        if self.replay is not None:
            title = tr("{run} (replay) · {experiment}").format(run=self.replay.title, experiment=title)
        self.setWindowTitle(f"{title} — ProcLab")

    # -- runs kept in files: replay, trace, CSV ------------------------------

    def shown_record(self) -> RunRecord | None:
        """What the timeline shows: a replay, a comparison, or the current run."""
        if self.replay is not None:
            return self.replay.record
        if self.compare_result is not None:
            return self.compare_result.merged_record()
        return self.record

    def open_run(self, path: Path) -> bool:
        """Show a trace or events file ProcLab wrote, read-only; on error keep the view and say why."""
        from engine.replay import ReplayError, load_run

        if self.is_running():
            self.show_error(tr("Cannot open run"), tr("Wait until the current run has ended."))
            return False
        try:
            replay = load_run(Path(path))
        except ReplayError as error:
            self.show_error(tr("Cannot open run"), str(error))
            return False
        self._clear_compare()
        self.replay = replay
        record = replay.record
        self.timeline.follow_check.setChecked(True)
        self.timeline.show_run(record, record.last_time_s())
        self.replay_label.setText(
            tr("Replay of {name} (read-only): {count} workers, {seconds:.2f} s. Start runs the experiment again.")
            .format(name=replay.title, count=len(record.workers), seconds=record.last_time_s())
        )
        self.replay_label.show()
        self.progress.show_record(None)  # it counted the live run, not this one
        self._update_title()
        self.statusBar().showMessage(tr("Opened run {path}").format(path=path), 5000)
        return True

    def _clear_replay(self) -> None:
        if self.replay is not None:
            self.replay = None
            self.replay_label.hide()
            self._update_title()

    def export_trace(self, path: Path) -> bool:
        from engine.trace_export import write_trace

        record = self.shown_record()
        if record is None:
            self.show_error(tr("Nothing to export"), tr("Start a run (or open one) first."))
            return False
        title = self.replay.title if self.replay else (self.experiment_path.name if self.experiment_path else "ProcLab run")
        return self._export(lambda: write_trace(Path(path), record, title), Path(path), tr("trace"))

    def export_events_csv(self, path: Path) -> bool:
        from engine.events_csv import write_events_csv

        record = self.shown_record()
        if record is None:
            self.show_error(tr("Nothing to export"), tr("Start a run (or open one) first."))
            return False
        return self._export(lambda: write_events_csv(Path(path), record), Path(path), tr("events"))

    # -- settings, language, about -------------------------------------------

    def set_language(self, language: str | None) -> None:
        """Remembered for the next launch: Qt builds every text when a widget is made."""
        self.settings.set_language(language)
        self.statusBar().showMessage(
            tr("The language changes the next time ProcLab starts."), 10000)

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_recent_experiment(self, path: Path) -> bool:
        if not Path(path).is_file():
            self.settings.remove_recent_experiment(Path(path))
            fill_recent_menu(self, self.settings.recent_experiments())
            self.show_error(tr("Cannot open experiment"),
                            tr("{path} is gone; it was removed from the recent experiments.").format(path=path))
            return False
        return self._may_replace_experiment() and self.open_experiment(Path(path))

    def _remember_experiment(self, path: Path) -> None:
        fill_recent_menu(self, self.settings.add_recent_experiment(path))

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
        self.log.append_note(tr("run {number}: starting {count} workers with the {method} start method").format(
            number=self._run_number, count=len(specs), method=self.bridge.start_method))
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

    def compare_threads_and_processes(self) -> None:
        """Run the experiment as threads, then as processes, and show both."""
        specs = self.model.specs()
        if not specs or self.is_running() or not self._start_method_confirmed():
            return
        try:
            self.compare.start(specs, self.bridge.start_method)
        except ValueError as error:
            self.show_error(tr("Cannot compare"), str(error))
            return
        self._clear_compare()
        self._clear_replay()
        self.log.append_note(tr("compare: running {count} workers as threads, then as processes ({method})").format(
            count=len(specs), method=self.bridge.start_method))
        self.statusBar().showMessage(tr("Comparing threads and processes…"))
        self._update_controls()

    def _on_compare_phase(self, phase: str) -> None:
        self.statusBar().showMessage(tr("Comparing: running as {phase}…").format(phase=phase))

    def _on_compare_finished(self, result) -> None:
        self.compare_result = result
        record = result.merged_record()
        self.timeline.follow_check.setChecked(True)
        self.timeline.show_run(record, record.last_time_s())
        self.timeline.set_caption(
            f"threads: {result.threads_wall_s:.2f} s · processes: {result.processes_wall_s:.2f} s · "
            f"speedup {result.speedup:.2f}× · cpu_count() = {result.cpu_count}"
        )
        self.compare_label.setText(result.summary().replace("\n", "<br>"))
        self.compare_label.show()
        for line in result.summary().splitlines():
            self.log.append_note(f"compare: {line}")
        self.statusBar().showMessage(tr("Comparison done; Export timeline also saves its figures"), 8000)
        self._update_controls()

    def _on_compare_failed(self, message: str) -> None:
        if message:
            self.show_error(tr("Compare failed"), message)
        else:
            self.log.append_note(tr("compare: cancelled; its processes were stopped"))
        self._update_controls()

    def _clear_compare(self) -> None:
        self.compare_result = None
        self.compare_label.hide()
        self.timeline.set_caption(None)

    def _begin(self, start) -> None:
        self._clear_compare()
        self._clear_replay()
        self.model.clear_statuses()
        self.lock_banner.hide()
        try:
            start()
        except (OSError, ValueError, RuntimeError) as error:
            self.show_error(tr("Cannot start workers"), str(error))
        self._update_controls()

    @property
    def record(self) -> RunRecord | None:
        """The current run's model, kept by the bridge (None before the first Start)."""
        return self.bridge.record

    def _on_session_started(self, record: RunRecord) -> None:
        self._exits_shown = 0
        self._show_start_method(self.bridge.session.start_method)
        self.progress.show_record(record)
        self.model.show_record(record)
        self.timeline.follow_check.setChecked(True)
        self._frame_timer.start()
        self._resource_timer.start()

    def _on_events(self, events: list) -> None:
        if self.record is None:
            return
        for event in events:
            if isinstance(event, OutputLine):
                self.log.append_output(event)
            elif isinstance(event, WorkerExited):
                self._exits_shown += 1
                run = self.record.workers.get(event.worker)
                self.log.append_note(tr("{worker} (pid {pid}) exited: {how}").format(
                    worker=event.worker, pid=event.pid, how=exit_code_label(run.exitcode, run.raised)))
            elif isinstance(event, LockAbandoned):
                self._on_lock_abandoned(event)
            elif isinstance(event, LockRecovered):
                self.lock_banner.hide()
                self.log.append_note(tr("lock.release() called by ProcLab for {worker}: the waiting workers go on")
                                     .format(worker=event.worker))
            elif isinstance(event, RoundTrip) and event.rtt_ns is not None:
                self.log.append_note(tr("{worker}: ping/pong round trip to the window {ms:.3f} ms").format(
                    worker=event.worker, ms=event.rtt_ns / 1e6))
        self.progress.show_record(self.record)
        # The record runs ahead of the queued batches: the run has ended for
        # the window when the last exit has reached the log, not before.
        if self._exits_shown == len(self.record.workers):
            self._on_run_ended()

    def _on_lock_abandoned(self, event: LockAbandoned) -> None:
        with self.record.lock:
            waiting = [run.name for run in self.record.workers.values()
                       if run.lock_waits and run.lock_waits[-1][1] is None]
            holder = self.record.workers[event.worker]
            how = exit_code_label(holder.exitcode, holder.raised)
        self.lock_banner.show_abandoned(event.worker, event.pid, how, waiting)
        self.log.append_note(tr("{worker} exited holding the shared Lock; it is abandoned (waiting: {waiting})")
                             .format(worker=event.worker, waiting=", ".join(waiting) or tr("none")))

    def release_abandoned_lock(self) -> None:
        self.lock_banner.release_button.setEnabled(False)
        if not self.bridge.release_abandoned_lock():
            self.lock_banner.hide()
            self.log.append_note(tr("the lock is not abandoned any more; nothing to release"))

    def _on_resource_tick(self) -> None:
        if self.is_running():
            self.bridge.sample_resources()
            self.model.refresh_run_facts()

    def _on_run_ended(self) -> None:
        self._ended_record = self.record
        self._frame_timer.stop()
        self._resource_timer.stop()
        self._on_frame()
        self._on_poll(block=True)  # final states now, not at the next tick
        self.log.append_note(tr("run {number}: all workers ended").format(number=self._run_number))
        session = self.bridge.session
        if isinstance(session, InProcessRun):
            pids = {run.pid for run in self.record.workers.values()}
            self.log.append_note(
                tr("run(): the work ran in pid {pids}, ProcLab's own (os.getpid() = {pid}); "
                   "active_children() = {children} after: no process was created").format(
                    pids=", ".join(map(str, sorted(pids))), pid=os.getpid(),
                    children=len(multiprocessing.active_children()))
            )
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
            self.model.refresh_run_facts()
        count = self.bridge.active_children_count(block=block)
        if count is not None:
            self._show_children(count)

    def _show_start_method(self, method: str) -> None:
        self.method_label.setText(tr("start method: {method}").format(method=method))

    def _show_children(self, count: int) -> None:
        self.children_label.setText(f"active_children() = {count}")

    def _update_controls(self) -> None:
        running = self.is_running()
        self.workers.set_editable(not running)
        self.controls.set_running(running, can_start=bool(self.model.specs()))
        # A comparison runs to its end; run() has no process to join or signal.
        if self.compare.is_running() or isinstance(self.bridge.session, InProcessRun):
            for button in (self.controls.join_button, self.controls.terminate_button, self.controls.kill_button):
                button.setEnabled(False)
        for name in ("open", "compare", "runInProcess", *PRESETS):
            self.actions[name].setEnabled(not running)

    # -- join, terminate, kill -----------------------------------------------

    def _targets(self) -> list[str] | None:
        """The selected workers, or None for all of them."""
        return self.workers.selected_names() or None

    @staticmethod
    def _describe(names: list[str] | None) -> str:
        return ", ".join(names) if names else tr("all workers")

    def join_selected(self, timeout: float) -> None:
        self.controls.join_button.setEnabled(False)
        self.bridge.request_join(self._targets(), timeout)

    def _on_join_finished(self, names: list, timeout: float, still_alive: list) -> None:
        if still_alive:
            outcome = tr("{names} still alive").format(names=", ".join(still_alive))
        else:
            outcome = tr("{names} ended").format(names=", ".join(names)) if len(names) <= 3 else tr("all ended")
        self.log.append_note(tr("join(timeout={timeout!r}) returned; {outcome}").format(
            timeout=float(timeout), outcome=outcome))
        self._update_controls()

    def terminate_selected(self) -> None:
        self._signal("terminate", "SIGTERM", self.bridge.terminate)

    def kill_selected(self) -> None:
        self._signal("kill", "SIGKILL", self.bridge.kill)

    def _signal(self, call: str, signal_name: str, send) -> None:
        targets = self._targets()
        sent = send(targets)
        if sent:
            self.log.append_note(tr("{call}() sent {signal} to {names}").format(
                call=call, signal=signal_name, names=", ".join(sent)))
        else:
            self.log.append_note(tr("{call}(): none of {names} is alive").format(
                call=call, names=self._describe(targets)))

    # -- dialogs (one place, so tests can answer them) ------------------------

    def ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def show_error(self, title: str, text: str) -> None:
        self.statusBar().showMessage(text, 10000)
        QMessageBox.warning(self, title, text)

    # -- closing ---------------------------------------------------------------

    def closeEvent(self, event) -> None:
        question = self._close_question()
        if question and not self.ask(tr("Still running"), question):
            event.ignore()
            return
        self._save_settings()
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
