"""The status bar's progress: "2 of 3 finished" and a bar, while a run goes on."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from engine import RunRecord

from .i18n import tr


class RunProgress(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent, objectName="runProgress")
        self.label = QLabel(objectName="runProgressLabel")
        self.bar = QProgressBar(objectName="runProgressBar")
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.setToolTip(tr("Workers of this run that have exited (their process ended and was joined)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.hide()

    def show_record(self, record: RunRecord | None) -> None:
        """Counts the exited workers of ``record``; hidden when there is no run."""
        if record is None:
            self.hide()
            return
        with record.lock:
            total = len(record.workers)
            done = sum(run.exit_s is not None for run in record.workers.values())
        self.label.setText(tr("{done} of {total} finished").format(done=done, total=total))
        # QProgressBar.setValue() repaints at once, and a repaint at once
        # paints everything else waiting in the window too (a 200-row table
        # and the timeline at Start: 33 ms inside this call). With updates
        # off meanwhile, turning them back on asks for an ordinary update.
        self.bar.setUpdatesEnabled(False)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setUpdatesEnabled(True)
        self.show()
