"""The timeline widget: rows, bars per colour, follow, zoom."""
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from engine import RunRecord, WorkerState
from engine.model.events import WorkerExited, WorkerLaunched, WorkerStarted
from tests.gui.conftest import make_timeline

S = 1_000_000_000


def record_with(*rows):
    record = RunRecord.for_names(0, [name for name, *_ in rows])
    for pid, (name, start, exit_s, code) in enumerate(rows, 1):
        record.apply([WorkerLaunched(name, pid, 0), WorkerStarted(name, pid, int(start * S))])
        if exit_s is not None:
            record.apply([WorkerExited(name, pid, int(exit_s * S), code)])
    return record


def row_labels(timeline, size=400):
    """The labels the left axis draws for the rows in view, asked as the axis
    asks (its range comes high end first, since the y axis is inverted)."""
    first, second = timeline.row_axis.range
    values = [v for _, level in timeline.row_axis.tickValues(first, second, size) for v in level]
    return timeline.row_axis.tickStrings(values, 1, 1)


def test_rows_are_labelled_and_bars_grouped_by_state(qtbot):
    timeline = make_timeline(qtbot)
    record = record_with(("a", 0.1, 1.0, 0), ("b", 0.2, 2.0, 1), ("c", 0.3, 1.5, -9), ("d", 0.4, None, None))
    timeline.show_run(record, 3.0)
    assert row_labels(timeline) == ["a", "b", "c", "d"]
    counts = timeline.bar_count()
    assert (counts[WorkerState.FINISHED], counts[WorkerState.FAILED], counts[WorkerState.KILLED],
            counts[WorkerState.RUNNING]) == (1, 1, 1, 1)
    running = timeline.bars.items[WorkerState.RUNNING].opts
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
    assert row_labels(timeline) == ["x", "y"]
    assert sum(timeline.bar_count().values()) == 0


def test_many_rows_get_only_as_many_labels_as_fit(qtbot):
    timeline = make_timeline(qtbot)
    names = [f"w{i}" for i in range(10_000)]
    timeline.show_planned(names)
    labels = row_labels(timeline, size=400)
    assert 10 <= len(labels) <= 400 // 16 + 1
    assert labels[0] == "w0" and all(label in names for label in labels)
    assert timeline.row_axis.tickStrings([5.0, 9999.0, 10_000.0], 1, 1) == ["w5", "w9999", ""]


def test_only_new_events_change_rows_and_running_bars_follow_now(qtbot):
    timeline = make_timeline(qtbot)
    record = record_with(("a", 0.0, None, None), ("b", 0.5, None, None))
    timeline.show_run(record, 1.0)
    assert timeline.bar_count()[WorkerState.RUNNING] == 2
    record.apply([WorkerExited("a", 1, int(2.0 * S), 0)])
    timeline.show_run(record, 3.0)
    counts = timeline.bar_count()
    assert counts[WorkerState.RUNNING] == 1 and counts[WorkerState.FINISHED] == 1
    finished = timeline.bars.items[WorkerState.FINISHED].opts
    assert (finished["x0"][0], finished["x1"][0]) == (0.0, 2.0)
    assert timeline.bars.items[WorkerState.RUNNING].opts["x1"][0] == 3.0
