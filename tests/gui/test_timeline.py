"""The timeline widget: rows, bars per colour, follow, zoom."""
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from engine import RunRecord, WorkerState
from engine.events import WorkerExited, WorkerLaunched, WorkerStarted
from gui.timeline_widget import TimelineWidget

S = 1_000_000_000


def record_with(*rows):
    record = RunRecord.for_names(0, [name for name, *_ in rows])
    for pid, (name, start, exit_s, code) in enumerate(rows, 1):
        record.apply([WorkerLaunched(name, pid, 0), WorkerStarted(name, pid, int(start * S))])
        if exit_s is not None:
            record.apply([WorkerExited(name, pid, int(exit_s * S), code)])
    return record


def make_timeline(qtbot):
    timeline = TimelineWidget()
    qtbot.addWidget(timeline)
    timeline.resize(800, 400)
    timeline.show()
    qtbot.waitExposed(timeline)
    return timeline


def test_rows_are_labelled_and_bars_grouped_by_state(qtbot):
    timeline = make_timeline(qtbot)
    record = record_with(("a", 0.1, 1.0, 0), ("b", 0.2, 2.0, 1), ("c", 0.3, 1.5, -9), ("d", 0.4, None, None))
    timeline.show_run(record, 3.0)
    ticks = timeline.plot_item.getAxis("left")._tickLevels[0]
    assert [label for _, label in ticks] == ["a", "b", "c", "d"]
    counts = timeline.bar_count()
    assert (counts[WorkerState.FINISHED], counts[WorkerState.FAILED], counts[WorkerState.KILLED],
            counts[WorkerState.RUNNING]) == (1, 1, 1, 1)
    running = timeline._bars[WorkerState.RUNNING].opts
    assert running["x0"][0] == 0.4 and running["x1"][0] == 3.0  # a running bar grows to now


def test_follow_keeps_the_newest_time_in_view_until_the_user_zooms(qtbot):
    timeline = make_timeline(qtbot)
    record = record_with(("a", 0.0, None, None))
    timeline.show_run(record, 30.0)
    x_min, x_max = timeline.plot_item.getViewBox().viewRange()[0]
    assert x_min <= 0.0 and x_max >= 30.0

    viewport = timeline.plot.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    wheel = QWheelEvent(centre, viewport.mapToGlobal(centre), QPoint(), QPoint(0, 120),
                        Qt.NoButton, Qt.NoModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(viewport, wheel)
    assert not timeline.follow_check.isChecked()
    zoomed = timeline.plot_item.getViewBox().viewRange()[0]
    timeline.show_run(record, 60.0)
    assert timeline.plot_item.getViewBox().viewRange()[0] == zoomed  # the user's view stays

    timeline.follow_check.setChecked(True)
    assert timeline.plot_item.getViewBox().viewRange()[0][1] >= 60.0


def test_planned_rows_show_names_and_no_bars(qtbot):
    timeline = make_timeline(qtbot)
    timeline.show_planned(["x", "y"])
    assert [label for _, label in timeline.plot_item.getAxis("left")._tickLevels[0]] == ["x", "y"]
    assert sum(timeline.bar_count().values()) == 0
