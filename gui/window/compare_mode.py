"""Compare threads vs processes, as the window shows it: the log, the status line, the timeline's figures.

``CompareController`` runs the comparison; ``ComparePresenter`` starts it
and shows its phases and its result (through ``ShownRun``, which gives it
the timeline). ``compareChanged`` says the window's controls may change.
"""
from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from engine import WorkerSpec
from gui.i18n import tr
from gui.panels.log_panel import LogPanel
from gui.panels.status_line import StatusLine

from .compare_controller import CompareController
from .shown_run import ShownRun


class ComparePresenter(QObject):
    compareChanged = Signal()  # started, finished or failed

    def __init__(self, compare: CompareController, shown: ShownRun, log: LogPanel, status: StatusLine,
                 show_error: Callable[[str, str], None], parent: QObject | None = None):
        super().__init__(parent)
        self._compare, self._shown, self._log, self._status = compare, shown, log, status
        self._show_error = show_error
        compare.phaseStarted.connect(self._on_phase)
        compare.finished.connect(self._on_finished)
        compare.failed.connect(self._on_failed)

    def start(self, specs: Sequence[WorkerSpec], start_method: str) -> bool:
        """Run ``specs`` as threads, then as processes; False (and said why) when it cannot."""
        try:
            self._compare.start(specs, start_method)
        except ValueError as error:
            self._show_error(tr("Cannot compare"), str(error))
            return False
        self._shown.clear()
        running = (tr("compare: running 1 worker as a thread, then as a process ({method})") if len(specs) == 1
                   else tr("compare: running {count} workers as threads, then as processes ({method})"))
        self._log.append_note(running.format(count=len(specs), method=start_method))
        self._status.message(tr("Comparing threads and processes…"))
        self.compareChanged.emit()
        return True

    def _on_phase(self, phase: str) -> None:
        shown = {"threads": tr("threads"), "processes": tr("processes")}.get(phase, phase)
        self._status.message(tr("Comparing: running as {phase}…").format(phase=shown))

    def _on_finished(self, result) -> None:
        figures = result.figures(translate=tr)
        lines = [figures, *result.lessons(translate=tr)]
        self._shown.show_comparison(result, figures, lines)
        for line in lines:
            self._log.append_note(tr("compare: {line}").format(line=line))
        self._status.message(tr("Comparison done; Export timeline also saves its figures"), 8000)
        self.compareChanged.emit()

    def _on_failed(self, message: str) -> None:
        if message:
            self._show_error(tr("Compare failed"), message)
        else:
            self._log.append_note(tr("compare: cancelled; its processes were stopped"))
        self.compareChanged.emit()
