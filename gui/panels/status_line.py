"""The status bar's counters: the run's progress, where it runs, the start method, cpu_count() and active_children()."""
from __future__ import annotations

import multiprocessing

from PySide6.QtWidgets import QFrame, QLabel, QStatusBar

from gui.i18n import tr

from .run_progress import RunProgress


class StatusLine:
    """Fills ``status_bar`` (the window's own) and keeps its labels current."""

    def __init__(self, status_bar: QStatusBar, progress: RunProgress, start_method: str):
        self._bar = status_bar
        self.cpu_label = QLabel(f"cpu_count() = {multiprocessing.cpu_count()}", objectName="cpuCountLabel")
        self.cpu_label.setToolTip(tr("multiprocessing.cpu_count(): CPUs this machine has"))
        self.children_label = QLabel(objectName="activeChildrenLabel")
        self.children_label.setToolTip(tr("len(multiprocessing.active_children()): live child processes"))
        self.place_label = QLabel(objectName="runPlaceLabel")
        self.place_label.setToolTip(tr("Where Start runs the workers (Lab → Run on)"))
        self.method_label = QLabel(objectName="startMethodLabel")
        self.show_start_method(start_method)
        self.method_label.setToolTip(tr("The multiprocessing start method used for workers"))
        status_bar.addPermanentWidget(progress)  # it has its own line before it, shown with it
        for widget in (self.place_label, self.method_label, self.cpu_label, self.children_label):
            # A line between each: a status message ends before the counters, not in them.
            separator = QFrame(objectName="statusSeparator", frameShape=QFrame.VLine, frameShadow=QFrame.Sunken)
            status_bar.addPermanentWidget(separator)
            status_bar.addPermanentWidget(widget)
        self.children_shown = 0
        self.show_children(0)

    def message(self, text: str, timeout_ms: int = 0) -> None:
        self._bar.showMessage(text, timeout_ms)

    def show_place(self, text: str, details: str = "") -> None:
        """Where runs go ("runs on: this machine"); ``details`` (the cluster's clocks) in its tooltip."""
        self.place_label.setText(text)
        tip = tr("Where Start runs the workers (Lab → Run on)")
        self.place_label.setToolTip(f"{tip}\n{details}" if details else tip)

    def show_start_method(self, method: str) -> None:
        self.method_label.setText(tr("start method: {method}").format(method=method))

    def show_children(self, count: int) -> None:
        self.children_shown = count
        self.children_label.setText(f"active_children() = {count}")
        self.children_label.setToolTip(tr("len(multiprocessing.active_children()): live child processes"))

    def show_script_processes(self, count: int) -> None:
        """A watched script's processes still alive, at any depth (not one process's active_children())."""
        self.children_shown = count
        self.children_label.setText(tr("processes alive: {count}").format(count=count))
        self.children_label.setToolTip(tr("The watched script's processes that have not ended yet, its main "
                                          "process and every process under it"))
