"""ProcLab's main window: it builds the panels and the objects that run and show the experiment.

Each object has one job and gets what it needs in its constructor:
``RunPresenter`` starts a run and shows its events (table, timeline, log,
progress, lock banner); ``RunCommands`` joins, signals and releases a Lock;
``ShownRun`` says what the timeline shows (the table's workers, the live
run, a replay or a comparison); ``ComparePresenter`` runs threads against
processes; ``ExperimentFiles`` and ``RunFiles`` open, save and export;
``WindowMemory`` keeps the window's size and splitters. The window joins
them: the start method, the title, which controls are on, and closing.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from engine import RunRecord
from engine.lab.lessons import explain
from engine.lab.presets import PRESETS
from engine.model.start_methods import available_start_methods
from gui.engine_bridge import EngineBridge
from gui.i18n import tr
from gui.panels.control_bar import ControlBar
from gui.panels.lock_banner import LockBanner
from gui.panels.log_panel import LogPanel
from gui.panels.run_progress import RunProgress
from gui.panels.status_line import StatusLine
from gui.panels.worker_table_model import WorkerTableModel
from gui.panels.workers_panel import WorkersPanel
from gui.settings import Settings
from gui.timeline.widget import TimelineWidget

from .compare_controller import CompareController
from .compare_mode import ComparePresenter
from .controls import RunCommands
from .experiment_files import ExperimentFiles
from .file_dialogs import FileDialogs
from .menus import build_menus
from .questions import Questions
from .remembered import WindowMemory
from .run_files import RunFiles
from .run_presenter import RunPresenter
from .shown_run import ShownRun


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
        self._fork_confirmed = False  # asked once per window

        self.workers = WorkersPanel(self.model)
        self.controls = ControlBar()
        self.timeline = TimelineWidget()
        self.lock_banner = LockBanner()
        self.explanation = QLabel(objectName="experimentExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setToolTip(tr("What the current experiment shows"))
        self.explanation.setStyleSheet("color: #303030; padding: 2px 4px;")
        self.progress = RunProgress()
        self.log = LogPanel()
        self.status = StatusLine(self.statusBar(), self.progress, self.bridge.start_method)
        self.questions = Questions(self, self.status)
        self.shown = ShownRun(self.timeline, self.progress, self)
        self._build_layout()

        self.compare = CompareController(self)
        self.presenter = RunPresenter(self.bridge, self.compare, self.model, self.shown, self.timeline, self.log,
                                      self.progress, self.lock_banner, self.status, self.questions.show_error, self)
        self.commands = RunCommands(self.bridge, self.workers, self.controls, self.lock_banner, self.log, self)
        self.compare_view = ComparePresenter(self.compare, self.shown, self.log, self.status,
                                             self.questions.show_error, self)
        dialogs = FileDialogs(self, self.settings)
        self.experiment = ExperimentFiles(self, self.model, self.bridge, self.controls, self.settings, dialogs,
                                          self.questions, self.status, self.is_running)
        self.run_files = RunFiles(self, self.shown, self.timeline, self.experiment, dialogs, self.questions,
                                  self.status, self.is_running)
        self.memory = WindowMemory(self, self.settings, {"main": self.splitter, "right": self.right_splitter},
                                   self.workers, self.timeline, self.status)
        self.actions = build_menus(self, self.experiment, self.run_files, self.memory)

        self.controls.startRequested.connect(self.start_run)
        self.controls.startMethodChosen.connect(self.set_start_method)
        self.controls.runInProcessRequested.connect(self.run_in_process)
        for changed in (self.presenter.runChanged, self.commands.joinEnded, self.compare_view.compareChanged):
            changed.connect(self.update_controls)
        self.shown.changed.connect(self.update_title)
        self.experiment.changed.connect(self.update_title)
        self.controls.set_start_method(self.bridge.start_method)
        self.model.modelReset.connect(self._on_experiment_replaced)
        self.model.specsChanged.connect(self._on_specs_changed)
        self.update_title()
        self.update_controls()
        self._update_explanation()
        self.memory.restore()

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
        for banner in self.shown.banners():
            top_layout.addWidget(banner)
        top_layout.addWidget(self.timeline, 1)
        self.right_splitter = QSplitter(Qt.Vertical)
        self.right_splitter.addWidget(top)
        self.right_splitter.addWidget(self.log)
        self.right_splitter.setStretchFactor(0, 2)
        self.right_splitter.setStretchFactor(1, 1)
        self.right_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right_splitter)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setContentsMargins(0, 0, 6, 0)  # the timeline and its hint keep off the window edge
        self.setCentralWidget(self.splitter)

    # -- the experiment ------------------------------------------------------

    def load_seed_example(self) -> None:
        self.load_preset("seed")

    def load_preset(self, name: str) -> None:
        if self.experiment.may_replace():
            self.model.set_specs(PRESETS[name]())
            self.experiment.set_path(None)

    def _start_method_confirmed(self) -> bool:
        """fork, wherever it was chosen (window, file, command line), is confirmed once."""
        return self.bridge.start_method != "fork" or self._fork_confirmed or self._confirm_fork()

    def _confirm_fork(self) -> bool:
        self._fork_confirmed = self.questions.ask(tr("Use fork?"), tr(
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
        self.experiment.mark_modified()
        self._update_explanation()

    def _on_experiment_replaced(self) -> None:
        """A preset or a file: what the old experiment's runs and comparison showed is no longer true."""
        if not self.is_running():
            self.shown.forget_run()

    def _on_specs_changed(self) -> None:
        if not self.is_running():
            self.shown.table_changed(self.model.names())
            self.model.clear_statuses()  # the last run's results belong to the old list
        self.experiment.mark_modified()
        self.update_controls()
        self._update_explanation()

    def _update_explanation(self) -> None:
        self.explanation.setText(explain(self.model.specs(), self.bridge.start_method, translate=tr))

    def update_title(self) -> None:
        title = f"{self.experiment.name()}{'*' if self.experiment.modified else ''}"
        if self.shown.replay is not None:
            title = tr("{run} (replay) · {experiment}").format(run=self.shown.replay.title, experiment=title)
        self.setWindowTitle(f"{title} — ProcLab")

    # -- running -----------------------------------------------------------

    @property
    def record(self) -> RunRecord | None:
        return self.bridge.record  # the current run's model (None before the first Start)

    def is_running(self) -> bool:
        return self.presenter.is_running()

    def run_has_ended(self) -> bool:
        return self.presenter.run_has_ended()

    def start_run(self) -> None:
        specs = self.model.specs()
        if specs and not self.is_running() and self._start_method_confirmed():
            self.presenter.start(specs)

    def run_in_process(self) -> None:
        """``Process.run()`` instead of ``start()``: the selected sleep worker, inside ProcLab."""
        if not self.is_running():
            names = self.workers.selected_names()
            self.presenter.start_in_process([spec for spec in self.model.specs() if spec.name in names])

    def compare_threads_and_processes(self) -> None:
        """Run the experiment as threads, then as processes, and show both."""
        specs = self.model.specs()
        if specs and not self.is_running() and self._start_method_confirmed():
            self.compare_view.start(specs, self.bridge.start_method)

    def update_controls(self) -> None:
        running = self.is_running()
        self.workers.set_editable(not running)
        self.controls.set_running(running, can_start=bool(self.model.specs()),
                                  can_stop=self.presenter.can_stop_workers())
        for name in ("open", "openRun", "compare", "runInProcess", *PRESETS):
            self.actions[name].setEnabled(not running)
        self.experiment.recent_menu.setEnabled(not running and bool(self.experiment.recent_menu.actions()))

    # -- closing ---------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if not self.experiment.may_lose_changes(tr("Save the changes to {name} before closing?")):
            event.ignore()
            return
        question = self.presenter.close_question()
        if question and not self.questions.ask(tr("Still running"), question):
            event.ignore()
            return
        self.memory.save()
        self.run_files.finish_file_work()  # an export in progress is written whole, never cut off
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop every worker, join them and close every pipe."""
        self.presenter.shutdown()
