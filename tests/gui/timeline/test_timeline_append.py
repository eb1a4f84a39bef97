"""Workers appended to a live record: the timeline adds their rows without a
rebuild, and ends up drawing what a timeline built from scratch draws."""
import numpy as np

from engine import RunRecord, WorkerState
from engine.model.events import (
    JoinReturned,
    LockAcquired,
    LockReleased,
    LockWaiting,
    MessageSent,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)
from tests.gui.conftest import make_timeline

S = 1_000_000_000


def lifecycle(name, pid, t, kind):
    """Events of one worker from ``t`` seconds: kind 0 runs on, 1 only launched,
    2 finished, 3 killed, 4 locks and messages, then joined."""
    at = lambda s: int((t + s) * S)  # noqa: E731
    events = [WorkerLaunched(name, pid, at(0))]
    if kind == 1:
        return events
    events.append(WorkerStarted(name, pid, at(0.01)))
    if kind == 2:
        events += [WorkerEnded(name, pid, at(0.5)), WorkerExited(name, pid, at(0.51), 0)]
    elif kind == 3:
        events.append(WorkerExited(name, pid, at(0.3), -9))
    elif kind == 4:
        events += [LockWaiting(name, pid, at(0.02)), LockAcquired(name, pid, at(0.05)),
                   MessageSent(name, pid, at(0.06), index=0, count=2), LockReleased(name, pid, at(0.1)),
                   LockWaiting(name, pid, at(0.2)),  # still waiting: an open band
                   MessageSent(name, pid, at(0.21), index=1, count=2)]
    return events


def snapshot(timeline):
    """Everything drawn, as plain values: bars, bands and marks per item, row labels."""
    bars = {state: tuple(np.asarray(item.opts[key], dtype=float).tolist() for key in ("x0", "x1", "y"))
            for state, item in timeline.bars.items.items()}
    marks = timeline.marks
    bands = {name: tuple(np.asarray(item.opts[key], dtype=float).tolist() for key in ("x0", "x1", "y"))
             for name, item in (("waits", marks.waits), ("holds", marks.holds), ("start_cost", marks.start_cost))}
    points = {key: (item.data["x"].tolist(), item.data["y"].tolist()) for key, item in marks.marks.items()}
    axis = timeline.row_axis
    rows = len(timeline.bars.runs)
    labels = [axis.row_label(row) for row in range(rows)]
    return {
        "bars": bars, "bands": bands, "marks": points, "labels": labels,
        "names": [run.name for run in timeline.bars.runs],
        "row_of": {run.name: timeline.bars.row_of(run.name) for run in timeline.bars.runs},
        "axis_width": axis.axis_width(),
        "y_limits": timeline.plot_item.getViewBox().state["limits"]["yLimits"],
        "y_range": timeline.plot_item.getViewBox().viewRange()[1],
        "kinds": marks.kinds_drawn(),
        "legend": timeline.legend_labels(),
        "spans": [timeline.bars.span(row, 9.0) for row in range(rows)],
        "lock_spans": [marks.lock_spans(row) for row in range(rows)],
    }


def test_appended_workers_draw_as_a_timeline_built_from_scratch(qtbot, monkeypatch):
    live = make_timeline(qtbot)
    names = [f"w{index}" for index in range(6)]
    record = RunRecord.for_names(0, names)
    record.apply([event for pid, name in enumerate(names, 1) for event in lifecycle(name, pid, 0.1 * pid, pid % 5)])
    live.show_run(record, 2.0)

    rebuilds = []
    original = live.bars._rebuild
    monkeypatch.setattr(live.bars, "_rebuild", lambda rec: (rebuilds.append(rec), original(rec)))
    pid = len(names)
    now = 2.0
    # Steps: new workers alone; new workers while old ones go on (w0 finishes, a
    # planned row starts); a much longer name (the axis widens); one at a time.
    steps = [
        ([f"n{index}" for index in range(4)], []),
        ([f"m{index}" for index in range(5)],
         [WorkerEnded("w0", 1, int(2.5 * S)), WorkerExited("w0", 1, int(2.6 * S), 0),
          JoinReturned("w0", 1, int(2.7 * S), alive=False), JoinReturned("w3", 4, int(2.7 * S), alive=True)]),
        (["a rather long worker name, wider than the axis was"], [WorkerExited("w5", 6, int(3.1 * S), 1)]),
        (["z"], []),
        (["y"], []),
    ]
    for step, (new_names, old_events) in enumerate(steps):
        now += 1.0
        events = list(old_events)
        for name in new_names:
            pid += 1
            events += lifecycle(name, pid, now - 0.9, pid % 5)
        record.apply(events)
        first = len(live.bars.runs)
        live.show_run(record, now)
        assert live.bars.appended_from == first, step  # appended, not rebuilt
        assert len(live.bars.runs) == len(record.workers)

        fresh = make_timeline(qtbot)
        fresh.show_run(record, now)
        expected, got = snapshot(fresh), snapshot(live)
        for key in expected:
            assert got[key] == expected[key], (step, key)
        fresh.close()
    assert rebuilds == []
    assert live.bar_count()[WorkerState.FINISHED] >= 1 and live.mark_count()["message"] > 0

    # Another record (even with the same names) is rebuilt.
    other = RunRecord.for_names(0, list(record.workers))
    live.show_run(other, now)
    assert rebuilds == [other] and live.bars.appended_from is None
    assert sum(live.bar_count().values()) == 0


def test_a_record_whose_rows_changed_order_is_rebuilt(qtbot):
    live = make_timeline(qtbot)
    record = RunRecord.for_names(0, ["a", "b"])
    live.show_run(record, 1.0)
    record.workers = {"b": record.workers["b"], "a": record.workers["a"]}  # not an append
    record.apply(lifecycle("c", 3, 0.5, 2))
    live.show_run(record, 2.0)
    assert live.bars.appended_from is None
    assert [run.name for run in live.bars.runs] == ["b", "a", "c"]
    assert [live.row_axis.row_label(row) for row in range(3)] == ["b", "a", "c"]


def test_the_time_grid_is_drawn_opaque_in_the_translucent_colour_on_the_background(qtbot):
    """Translucent lines are ~20x slower to draw: the grid is pre-blended instead."""
    from PySide6.QtGui import QColor, QPainter

    from gui.theme import BACKGROUND

    timeline = make_timeline(qtbot)
    timeline.show_run(RunRecord.for_names(0, ["a"]), 30.0)
    axis = timeline.plot_item.getAxis("bottom")
    _, ticks, _ = axis.generateDrawSpecs(QPainter())
    assert ticks and all(pen.color().alpha() == 255 for pen, _, _ in ticks)
    _, plain, _ = type(axis).__mro__[1].generateDrawSpecs(axis, QPainter())  # pyqtgraph's own
    for (pen, *_), (translucent, *_) in zip(ticks, plain):
        share = translucent.color().alpha() / 255
        back = QColor(BACKGROUND).getRgb()[:3]
        for got, front, behind in zip(pen.color().getRgb()[:3], translucent.color().getRgb()[:3], back):
            assert abs(got - (front * share + behind * (1 - share))) <= 0.5
