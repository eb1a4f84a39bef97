"""The status bar's progress: "2 of 3 ended: 1 finished, 1 killed" and a bar, while a run goes on."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QWidget

from engine import RunRecord, WorkerState
from engine.model.exit_codes import state_for_exitcode
from gui.i18n import tr
from gui.theme import state_label


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
        # The status bar's line before the counters, hidden with them.
        layout.addWidget(QFrame(objectName="statusSeparator", frameShape=QFrame.VLine, frameShadow=QFrame.Sunken))
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
            ended = [run.exitcode for run in record.workers.values() if run.exit_s is not None]
        self.label.setText(progress_text(ended, total))
        # QProgressBar.setValue() repaints at once, and a repaint at once
        # paints everything else waiting in the window too (a 200-row table
        # and the timeline at Start: 33 ms inside this call). With updates
        # off meanwhile, turning them back on asks for an ordinary update.
        self.bar.setUpdatesEnabled(False)
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(len(ended))
        self.bar.setUpdatesEnabled(True)
        self.show()


def progress_text(exitcodes: list[int | None], total: int) -> str:
    """"3 of 6 ended: 1 finished, 1 failed, 1 killed": ended is not finished, so each state is counted."""
    done = tr("{done} of {total} ended").format(done=len(exitcodes), total=total)
    states = [WorkerState.FAILED if code is None else state_for_exitcode(code) for code in exitcodes]
    counts = [tr("{count} {state}").format(count=states.count(state), state=state_label(state))
              for state in WorkerState if state in states]
    return tr("{progress}: {states}").format(progress=done, states=tr(", ").join(counts)) if counts else done
