"""ProcLab's main window: it builds the panels and the objects that run and show the experiment.

Each object has one job and gets what it needs in its constructor:
``RunPresenter`` starts a run and shows its events (table, timeline, log,
progress, lock banner); ``RunCommands`` joins, signals and releases a Lock;
``ShownRun`` says what the timeline shows (the table's workers, the live
run, a replay or a comparison); ``ComparePresenter`` runs threads against
processes; ``ExperimentFiles`` and ``RunFiles`` open, save and export;
``ScriptFiles`` opens a script into the code pane and runs it watched;
``WindowMemory`` keeps the window's size and splitters. The window joins
them: the start method, the title, which controls are on, dropped files,
and closing.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget

from engine import RunRecord
from engine.lab.lessons import explain
from engine.lab.presets import PRESETS
from engine.model.start_methods import available_start_methods
from gui.dialogs.scheduler_dialog import SchedulerDialog
from gui.engine_bridge import EngineBridge
from gui.i18n import N_, tr
from gui.panels.control_bar import ControlBar
from gui.panels.lock_banner import LockBanner
from gui.panels.log_panel import LogPanel
from gui.panels.run_progress import RunProgress
from gui.panels.status_line import StatusLine
from gui.panels.worker_table_model import WorkerTableModel
from gui.panels.workers_panel import WorkersPanel
from gui.script.script_pane import ScriptPane, script_filter
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
from .run_place import LOCAL, MACHINE, SCHEDULER, RunPlace
from .run_presenter import RunPresenter
from .script_files import ScriptFiles, dropped_script
from .shown_run import ShownRun

#: Run script's key while a script is shown (Start's otherwise).
RUN_KEY = "Ctrl+R"
#: What the Lab actions that need this machine say while runs go to a cluster.
NOT_ON_A_CLUSTER = {
    "compare": N_("Not on a cluster: the comparison runs threads and processes side by side on this machine "
                  "(Lab → Run on → This machine)"),
    "runInProcess": N_("Not on a cluster: Process.run() runs the work inside ProcLab's own process, on this "
                       "machine (Lab → Run on → This machine)"),
}


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
        dialogs = FileDialogs(self, self.settings)

        self.script_pane = ScriptPane(lambda suggested: self._ask_script_path(dialogs, suggested))
        self.script_pane.hide()  # until a script is opened
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

        self.run_place = RunPlace(self, self.settings, self)
        self.compare = CompareController(self)
        self.presenter = RunPresenter(self.bridge, self.compare, self.model, self.shown, self.timeline, self.log,
                                      self.progress, self.lock_banner, self.status, self.questions.show_error, self)
        self.commands = RunCommands(self.bridge, self.workers, self.controls, self.lock_banner, self.log, self)
        self.compare_view = ComparePresenter(self.compare, self.shown, self.log, self.status,
                                             self.questions.show_error, self)
        self.experiment = ExperimentFiles(self, self.model, self.bridge, self.controls, self.settings, dialogs,
                                          self.questions, self.status, self.is_running,
                                          make_way=lambda: self.scripts.make_way(), run_place=self.run_place)
        self.run_files = RunFiles(self, self.shown, self.timeline, self.experiment, dialogs, self.questions,
                                  self.status, self.is_running)
        self.scripts = ScriptFiles(self, self.script_pane, self.presenter, self.settings, dialogs, self.questions,
                                   self.status, self.is_running)
        self.memory = WindowMemory(self, self.settings, {"main": self.splitter, "right": self.right_splitter},
                                   self.workers, self.timeline, self.status)
        self.actions = build_menus(self, self.experiment, self.run_files, self.memory, self.scripts)
        self._tips = {name: self.actions[name].toolTip() for name in ("compare", "runInProcess")}
        self.setAcceptDrops(True)  # a .py file dropped anywhere on the window opens as a script
        # View → Show helper processes follows the timeline, however it was told.
        self.timeline.helpersShownChanged.connect(self._on_helpers_shown_changed)

        self.controls.startRequested.connect(self.start_run)
        self.controls.startMethodChosen.connect(self.set_start_method)
        self.controls.runInProcessRequested.connect(self.run_in_process)
        for changed in (self.presenter.runChanged, self.commands.joinEnded, self.compare_view.compareChanged):
            changed.connect(self.update_controls)
        self.shown.changed.connect(self.update_title)
        self.experiment.changed.connect(self.update_title)
        self.scripts.changed.connect(self._on_script_changed)
        self.run_place.changed.connect(self._on_run_place_changed)
        self.scripts.opened.connect(self._on_script_opened)
        self.model.watchingChanged.connect(lambda watching: self.explanation.setVisible(not watching))
        self.controls.set_start_method(self.bridge.start_method)
        self.model.modelReset.connect(self._on_experiment_replaced)
        self.model.specsChanged.connect(self._on_specs_changed)
        self.update_title()
        self._on_script_changed()
        self._on_run_place_changed()
        self._update_explanation()
        self._apply_show_helpers(self.settings.show_helpers())
        self.memory.restore()

    def _build_layout(self) -> None:
        table_side = QWidget()
        left_layout = QVBoxLayout(table_side)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.workers, 1)
        left_layout.addWidget(self.explanation)  # beside the table it explains; the timeline keeps its height
        self.left_splitter = QSplitter(Qt.Vertical, objectName="scriptSplitter")
        self.left_splitter.addWidget(self.script_pane)  # the script above the processes it starts
        self.left_splitter.addWidget(table_side)
        self.left_splitter.setStretchFactor(0, 3)
        self.left_splitter.setStretchFactor(1, 2)
        self.left_splitter.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.left_splitter, 1)
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
        self.explanation.setText(explain(self.model.specs(), self.bridge.start_method, translate=tr,
                                         on_cluster=self.run_place.on_cluster))

    def update_title(self) -> None:
        title = f"{self.experiment.name()}{'*' if self.experiment.modified else ''}"
        if self.scripts.shown:
            title = f"{self.scripts.title()} · {title}"
        if self.shown.replay is not None:
            title = tr("{run} (replay) · {experiment}").format(run=self.shown.replay.title, experiment=title)
        self.setWindowTitle(f"{title} — ProcLab")

    # -- scripts -----------------------------------------------------------------

    def open_script(self, path: Path) -> bool:
        """Show ``path`` in the code pane (File → Open script, a drop, ``proclab SCRIPT.py``)."""
        return self.scripts.open(Path(path))

    def run_script(self) -> None:
        self.scripts.run()

    def _ask_script_path(self, dialogs: FileDialogs, suggested: Path) -> Path | None:
        """Where Save as puts the script; a lesson's copy goes to the user's folder, not among the lessons."""
        if self.script_pane.lesson:
            suggested = dialogs.start_dir("script") / suggested.name
        return dialogs.save_path("script", tr("Save script as"), suggested, script_filter())[0]

    def set_show_helpers(self, show: bool) -> None:
        """View → Show helper processes: the forkserver and resource tracker rows of a watched script."""
        self.settings.set_show_helpers(show)
        self._apply_show_helpers(show)

    def _on_helpers_shown_changed(self, show: bool) -> None:
        self.actions["showHelpers"].setChecked(show)  # toggled, not triggered: no loop
        self.settings.set_show_helpers(show)

    def _apply_show_helpers(self, show: bool) -> None:
        self.timeline.set_show_helpers(show)

    def _on_script_opened(self) -> None:
        """Another script: the table waits for its processes; the timeline forgets the last one's run."""
        if not self.is_running():
            self.model.show_watched(None)
            self.shown.forget_run()
            self.timeline.show_planned([])

    def _on_script_changed(self) -> None:
        """A script was opened, saved, edited or closed."""
        shown = self.scripts.shown
        if not shown and self.model.watching and not self.is_running():
            # Back to the experiment: the table lists its workers, and the timeline says what it shows.
            self.model.clear_statuses()
            self.shown.forget_run()
            self.shown.table_changed(self.model.names())
            self.status.show_children(self.status.children_shown)  # in active_children()'s words again
        if shown and self.left_splitter.sizes()[0] < self.script_pane.minimumSizeHint().height():
            height = sum(self.left_splitter.sizes())
            self.left_splitter.setSizes([round(height * 0.6), height - round(height * 0.6)])
        self.controls.set_script_shown(shown)
        self.actions["runScript"].setShortcut(QKeySequence(RUN_KEY if shown else ""))
        self.log.setPlaceholderText(tr("What the script and its processes print appears here after Run script.")
                                    if shown else tr("Worker output appears here after Start."))
        if not self.is_running():  # what the next run will use; a run shows its own
            self.status.show_start_method((self.settings.script_start_method() or tr("the script's own")) if shown
                                          else self.bridge.start_method)
        self.update_title()
        self.update_controls()

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and dropped_script(event.mimeData().urls()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        path = dropped_script(event.mimeData().urls()) if event.mimeData().hasUrls() else None
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_script(path)

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
        if not specs or self.is_running() or self.scripts.shown or not self._start_method_confirmed():
            return
        if not self.run_place.on_cluster:
            self.presenter.start(specs)
        elif not self.run_place.connecting():
            self.run_place.with_connection(
                lambda connection: self._start_on_cluster(specs, connection),
                lambda reason: self.questions.show_error(tr("Cannot reach the cluster"), tr(
                    "{reason}\n\nNothing was started. Check the address (Lab → Run on → Dask scheduler…) or "
                    "run on this machine.").format(reason=reason)))

    def _start_on_cluster(self, specs, connection) -> None:
        if not self.presenter.start_on_cluster(specs, connection):
            self.run_place.close()  # the scheduler may be gone: the next Start connects afresh

    # -- where runs go -------------------------------------------------------

    def choose_run_place(self, place: str) -> None:
        """Lab → Run on: this machine, a local Dask cluster, or a scheduler (its address is asked)."""
        if self.is_running() or self.run_place.connecting():
            self._on_run_place_changed()  # the menu shows the place in use again
            return
        address = None
        if place == SCHEDULER:
            dialog = SchedulerDialog(self.run_place.address, self)
            if dialog.exec() != SchedulerDialog.Accepted:
                self._on_run_place_changed()
                return
            address = dialog.address()
        before = self.run_place.cluster_text()
        self.run_place.choose(place, address)
        if self.run_place.cluster_text() != before:
            self.experiment.mark_modified()  # saved with the experiment

    def _on_run_place_changed(self) -> None:
        place = self.run_place.place
        for key, value in (("runOnMachine", MACHINE), ("runOnLocal", LOCAL), ("runOnScheduler", SCHEDULER)):
            self.actions[key].setChecked(place == value)
        self.actions["runOnScheduler"].setText(
            tr("Dask &scheduler ({address})…").format(address=self.run_place.address) if self.run_place.address
            else tr("Dask &scheduler…"))
        self.status.show_place(self.run_place.describe())
        self._update_explanation()
        self.update_controls()

    def run_in_process(self) -> None:
        """``Process.run()`` instead of ``start()``: the selected sleep worker, inside ProcLab."""
        if not self.is_running() and not self.scripts.shown:
            names = self.workers.selected_names()
            self.presenter.start_in_process([spec for spec in self.model.specs() if spec.name in names])

    def compare_threads_and_processes(self) -> None:
        """Run the experiment as threads, then as processes, and show both."""
        specs = self.model.specs()
        if specs and not self.is_running() and not self.scripts.shown and self._start_method_confirmed():
            self.compare_view.start(specs, self.bridge.start_method)

    def update_controls(self) -> None:
        running = self.is_running()
        self.workers.set_editable(not running)
        self.controls.set_running(running, can_start=bool(self.model.specs()),
                                  can_stop=self.presenter.can_stop_workers(), script=self.bridge.watching)
        for name in ("open", "openRun", "openScript", "lessons", *PRESETS):
            self.actions[name].setEnabled(not running)
        cluster = self.run_place.on_cluster
        for name in ("compare", "runInProcess"):  # the experiment's, hidden while a script is shown; local only
            self.actions[name].setEnabled(not running and not self.scripts.shown and not cluster)
            self.actions[name].setToolTip(tr(NOT_ON_A_CLUSTER[name]) if cluster else self._tips[name])
        self.actions["runOn"].setEnabled(not running and not self.run_place.connecting())
        self.controls.set_cluster(cluster, connecting=self.run_place.connecting())
        if self.workers.set_cluster(cluster):
            self.memory.fit_table()
        self.timeline.set_cluster(cluster)
        self.actions["runScript"].setEnabled(self.scripts.shown and not running)
        self.script_pane.set_running(running)
        self.experiment.recent_menu.setEnabled(not running and bool(self.experiment.recent_menu.actions()))

    # -- closing ---------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if not self.scripts.may_lose_changes(tr("Save the changes to {name} before closing?")):
            event.ignore()
            return
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
        """Stop every worker, join them and close every pipe; then the cluster connection
        (a LocalCluster ProcLab started is shut down)."""
        self.presenter.shutdown()
        self.run_place.close()
