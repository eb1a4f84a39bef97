"""What the timeline shows: the table's workers, the live run, a replay or a comparison, one at a time.

``ShownRun`` is the one place that decides it. It keeps the banners that
say which (the replay's, the comparison's, "an earlier run"), the
timeline's caption, and hides the run's progress when the timeline leaves
the live run. ``changed`` says the window's title may have changed.
"""
from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from engine import RunRecord
from gui.i18n import tr
from gui.panels.run_progress import RunProgress
from gui.timeline.widget import TimelineWidget


class Showing(Enum):
    PLANNED = "planned"  # the table's workers, or what an unfinished start left
    RUN = "run"  # the live run, or the last one while the table is unchanged
    REPLAY = "replay"  # a run read from a file
    COMPARISON = "comparison"  # threads vs processes


class ShownRun(QObject):
    changed = Signal()

    def __init__(self, timeline: TimelineWidget, progress: RunProgress, parent: QObject | None = None):
        super().__init__(parent)
        self._timeline = timeline
        self._progress = progress
        self.showing = Showing.PLANNED
        self._record: RunRecord | None = None
        self._run_number = 0
        self.replay = None  # the engine.files.replay.Replay, while showing one
        self.comparison = None  # the engine CompareResult, while showing one
        self.compare_label = _banner("compareResultLabel", "#EEF4FA", "#0072B2", tr(
            "Compare threads vs processes: each wall time, the speedup, cpu_count()"))
        self.replay_label = _banner("replayLabel", "#F3F0FA", "#CC79A7", tr(
            "A run read from a file: read-only. Start runs the experiment again."))
        self.past_run_label = _banner("pastRunLabel", "#F4F4F4", "#999999", tr(
            "The timeline shows an earlier run; the table has changed since"))

    def banners(self) -> list[QLabel]:
        """Above the timeline, in this order."""
        return [self.compare_label, self.replay_label, self.past_run_label]

    def record(self) -> RunRecord | None:
        """The record the timeline shows (what exports write); None for the planned workers."""
        if self.showing is Showing.REPLAY:
            return self.replay.record
        if self.showing is Showing.COMPARISON:
            return self.comparison.merged_record()
        return self._record if self.showing is Showing.RUN else None

    # -- what takes the timeline ------------------------------------------------

    def show_live(self, record: RunRecord, number: int) -> None:
        """Run ``number`` has started: its frames draw ``record``."""
        self._record, self._run_number = record, number
        self._set(Showing.RUN)

    def show_replay(self, replay) -> None:
        self._set(Showing.REPLAY, replay=replay)
        record = replay.record
        self._timeline.show_run(record, record.last_time_s())
        text = tr("Replay of {name} (read-only): {count} workers, {seconds:.2f} s. The table still holds the "
                  "experiment; Start runs it again.").format(
            name=replay.title, count=len(record.workers), seconds=record.last_time_s())
        unfinished = [run.name for run in record.workers.values() if run.exit_s is None]
        if unfinished:
            # Saved mid-run, or cut short at a line's end: shown, but said.
            text += " " + tr("{count} of them never exited in this file ({names}): it was saved during the run "
                             "or cut short.").format(count=len(unfinished), names=", ".join(unfinished[:5]))
        self.replay_label.setText(text)
        self.replay_label.show()

    def show_comparison(self, result, figures: str, lines: list[str]) -> None:
        self._set(Showing.COMPARISON, comparison=result)
        record = result.merged_record()
        self._timeline.show_run(record, record.last_time_s())
        self._timeline.set_caption(figures)
        self.compare_label.setText("<br>".join(lines))
        self.compare_label.show()

    def leave_for_new_run(self) -> None:
        """A run or a comparison starts: a replay or a comparison shown gives way (the last run stays
        until the new one starts)."""
        if self.showing in (Showing.REPLAY, Showing.COMPARISON):
            self._set(Showing.PLANNED)

    def clear(self) -> None:
        """A comparison is running: nothing of the past is current; its result takes the timeline at the end."""
        self._set(Showing.PLANNED)

    def forget_run(self) -> None:
        """Another experiment replaced the table: its runs and comparison say nothing about it."""
        if self.showing is not Showing.REPLAY:
            self._set(Showing.PLANNED)

    def table_changed(self, names: list[str]) -> None:
        """The table was edited (no run going on): show it, or say which earlier run the timeline still shows."""
        if self.showing is Showing.REPLAY:
            return  # a replay says what it is
        if self.showing is Showing.COMPARISON:
            note = tr("The timeline shows the last comparison, with the workers as they were then; "
                      "the table has changed since. Start runs the table's workers.")
        elif self.showing is Showing.RUN:
            note = tr("The timeline shows run {number}, with the workers as they were then; "
                      "the table has changed since. Start runs the table's workers.").format(number=self._run_number)
        else:
            self._timeline.show_planned(names)
            self.past_run_label.hide()
            return
        self.past_run_label.setText(note)
        self.past_run_label.show()

    def _set(self, showing: Showing, replay=None, comparison=None) -> None:
        if self.showing is Showing.COMPARISON:
            self.compare_label.hide()
            self._timeline.set_caption(None)
        if self.showing is Showing.REPLAY:
            self.replay_label.hide()
        self.past_run_label.hide()
        if showing is not Showing.RUN:
            self._progress.show_record(None)  # it counts the live run's workers
        self.showing, self.replay, self.comparison = showing, replay, comparison
        self.changed.emit()


def _banner(name: str, background: str, border: str, tooltip: str) -> QLabel:
    label = QLabel(objectName=name)
    label.setWordWrap(True)
    label.setToolTip(tooltip)
    label.setStyleSheet(f"background: {background}; border: 1px solid {border}; padding: 4px;")
    label.hide()
    return label
