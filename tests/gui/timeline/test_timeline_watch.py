"""A watched script's run on the timeline: tasks, Pipe pairs, Queue and call
marks, helper rows, labels, tooltips, legend, pictures and cost.

Records are built from hand-made watch events (``tests.watched_records``):
no script runs.
"""
import time

import numpy as np
import pyqtgraph as pg
import pytest

from engine import RunRecord
from engine.model.events import (
    LockAcquired,
    LockReleased,
    LockWaiting,
    PipeReceived,
    PipeSent,
    ProcessCall,
    ProcessSeen,
    QueuePut,
    TaskBegan,
    TaskEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)
from gui.theme import DIMMED_ALPHA, PIPE_COLOUR, STATE_COLOURS, TASK_FAILED_COLOUR
from gui.timeline.export import export_widget
from gui.timeline.marks import BOTTOM, TOP
from gui.timeline.offscreen_render import offscreen_timeline
from tests.gui.conftest import make_timeline
from tests.image_checks import pixel_count, png_pixels
from tests.watched_records import (
    HELPER,
    LOCK,
    MAIN,
    PIDS,
    PIPE_MESSAGES,
    PIPE_TO_CHILD,
    QUEUE,
    ROWS,
    TASKS,
    big_watched_record,
    ns,
    watched_events,
    watched_record,
)

WATCH_LEGEND = ["Pool task", "task raised", "Pipe send → receive", "Queue put()", "Queue get()", "join() called",
                "terminate() called", "kill() called", "helper process"]


def shown(qtbot, record, size=(900, 420)):
    timeline = make_timeline(qtbot, size)
    timeline.show_run(record, record.last_time_s())
    return timeline


def labels(timeline):
    return [timeline.row_axis.row_label(row) for row in range(len(timeline.bars.runs))]


def line_pairs(timeline):
    """Each Pipe line as ((x, row), (x, row)), sorted."""
    x, y = timeline.watch.lines.xData, timeline.watch.lines.yData
    if x is None:  # pyqtgraph keeps no arrays for no points
        return []
    points = [(round(float(a), 6), round(float(b), 6)) for a, b in zip(x, y)]
    return sorted(zip(points[0::2], points[1::2]))


def bands(item):
    """(x0, x1, row) of a BarGraphItem's bars, sorted."""
    return sorted(zip(*(np.asarray(item.opts[key], dtype=float).round(6).tolist() for key in ("x0", "x1", "y"))))


def points(item):
    return sorted(zip(np.round(item.data["x"], 6).tolist(), np.round(item.data["y"], 6).tolist()))


# -- what is drawn ----------------------------------------------------------------------

def test_a_watched_run_draws_its_tasks_pipes_queues_and_calls(qtbot):
    timeline = shown(qtbot, watched_record())
    assert timeline.watch_count() == {
        "tasks": 5, "tasks_failed": 1, "pipe_lines": 4, "pipe_send": 4, "pipe_recv": 4,
        "queue_put": 2, "queue_get": 2, "call_join": 5, "call_terminate": 1, "call_kill": 0,
    }
    row = {name: ROWS.index(name) for name in ROWS}
    assert line_pairs(timeline) == sorted(((sent, row[sender]), (received, row[receiver]))
                                          for _, _, sender, sent, receiver, received in PIPE_MESSAGES)
    failed = timeline.watch.tasks_failed.opts
    (name, began, ended, _), = [task for task in TASKS if task[3] is False]
    assert (list(failed["x0"]), list(failed["x1"]), list(failed["y"])) == ([began], [ended], [row[name]])
    assert sorted(timeline.watch.tasks.opts["x0"]) == sorted(began for _, began, _, ok in TASKS if ok)
    assert points(timeline.watch.marks["queue_put"]) == [(1.0, row["worker2"] + TOP), (2.0, row["worker2"] + TOP)]
    assert points(timeline.watch.marks["call_terminate"]) == [(4.0, row[MAIN] + BOTTOM)]
    # An ordinary ProcLab run draws none of it.
    plain = RunRecord.for_names(0, ["a"])
    plain.apply([WorkerLaunched("a", 1, 0), WorkerStarted("a", 1, ns(0.1)), LockWaiting("a", 1, ns(0.2)),
                 LockAcquired("a", 1, ns(0.3)), LockReleased("a", 1, ns(0.4)), WorkerExited("a", 1, ns(0.5), 0)])
    timeline.show_run(plain, 1.0)
    assert set(timeline.watch_count().values()) == {0}
    assert labels(timeline) == ["a"]


def test_a_running_task_grows_to_now_and_a_pipe_end_waits_for_its_partner(qtbot):
    record = RunRecord(0)
    record.apply([ProcessSeen("p", 5, 0, "", None, "pool", ""), WorkerStarted("p", 5, 0),
                  TaskBegan("p", 5, ns(1.0), "slow"), PipeSent("p", 5, ns(1.5), "c", 1)])
    timeline = shown(qtbot, record)
    timeline.show_run(record, 3.0)
    assert list(timeline.watch.tasks.opts["x1"]) == [3.0]
    assert timeline.watch_count()["pipe_lines"] == 0 and timeline.watch_count()["pipe_send"] == 1
    record.apply([ProcessSeen("q", 6, ns(3.1), "p", 5, "process", ""), WorkerStarted("q", 6, ns(3.1)),
                  PipeReceived("q", 6, ns(3.2), "c", 1), TaskEnded("p", 5, ns(3.3), "slow", True)])
    timeline.show_run(record, 4.0)
    assert line_pairs(timeline) == [((1.5, 0.0), (3.2, 1.0))]
    assert list(timeline.watch.tasks.opts["x1"]) == [3.3]


def test_watched_rows_say_pid_and_parent_and_change_when_they_become_known(qtbot, monkeypatch):
    timeline = shown(qtbot, watched_record())
    assert labels(timeline) == ["MainProcess · 4242", "resource_tracker · 4243 ← MainProcess",
                                "worker1 · 4250 ← MainProcess", "worker2 · 4251 ← MainProcess",
                                "worker3 · 4252 ← MainProcess", "ForkPoolWorker-1 · 4260 ← MainProcess",
                                "ForkPoolWorker-2 · 4261 ← MainProcess"]
    # The parent reports start() before the child says who it is: the row is relabelled, not rebuilt.
    record = RunRecord(0)
    record.apply([ProcessSeen("main", 1, 0, "", None, "main", ""), WorkerLaunched("kid", None, ns(0.1))])
    live = shown(qtbot, record)
    assert labels(live) == ["main · 1", "kid"]
    rebuilds = []
    original = live.bars._rebuild
    monkeypatch.setattr(live.bars, "_rebuild", lambda rec: (rebuilds.append(rec), original(rec)))
    record.apply([ProcessSeen("kid", 2, ns(0.2), "main", 1, "process", ""), WorkerStarted("kid", 2, ns(0.2))])
    live.show_run(record, 1.0)
    assert labels(live) == ["main · 1", "kid · 2 ← main"] and rebuilds == []


def test_helper_rows_are_faded_and_can_be_hidden(qtbot):
    timeline = shown(qtbot, watched_record())
    helper = ROWS.index(HELPER)
    assert timeline.show_helpers() and timeline.bars.has_helpers
    assert timeline.bars.dimmed_count() == 1 and timeline.row_axis.dimmed_rows() == {helper}
    faded = timeline.bars.dimmed_items[next(iter(STATE_COLOURS))].opts["brush"].color().alpha()
    assert faded == DIMMED_ALPHA
    assert sum(timeline.bar_count().values()) == len(ROWS) - 1  # the helper's bar is not a state colour's

    with qtbot.waitSignal(timeline.helpersShownChanged, check_params_cb=lambda shown: shown is False):
        timeline.set_show_helpers(False)
    assert not timeline.show_helpers()
    assert HELPER not in [run.name for run in timeline.bars.runs]
    assert labels(timeline)[:2] == ["MainProcess · 4242", "worker1 · 4250 ← MainProcess"]
    assert timeline.bars.dimmed_count() == 0 and timeline.row_axis.dimmed_rows() == set()
    # Every row below moved up one: the Pipe lines follow.
    assert ((0.3, 0.0), (0.302, 1.0)) in line_pairs(timeline)
    assert "helper process" not in timeline.legend_labels()
    # New events for the hidden row change nothing shown.
    record = timeline.bars._record
    record.apply([QueuePut(HELPER, PIDS[HELPER], ns(5.9), "q")])
    timeline.show_run(record, 6.1)
    assert len(timeline.bars.runs) == len(ROWS) - 1

    with qtbot.assertNotEmitted(timeline.helpersShownChanged):
        timeline.set_show_helpers(False)  # no change: no signal, no rebuild
    timeline.set_show_helpers(True)
    assert timeline.show_helpers() and len(timeline.bars.runs) == len(ROWS)
    assert timeline.bars.dimmed_count() == 1


def test_hidden_helpers_stay_hidden_in_the_next_run_and_a_process_that_turns_out_a_helper_moves(qtbot):
    timeline = shown(qtbot, watched_record())
    timeline.set_show_helpers(False)
    record = RunRecord(0)
    record.apply([ProcessSeen("main", 1, 0, "", None, "main", ""), WorkerLaunched("odd", 2, ns(0.1)),
                  WorkerStarted("odd", 2, ns(0.1))])
    timeline.show_run(record, 1.0)
    assert [run.name for run in timeline.bars.runs] == ["main", "odd"]
    record.apply([ProcessSeen("odd", 2, ns(0.2), "main", 1, "helper", "")])  # it said hello late
    timeline.show_run(record, 1.0)
    assert [run.name for run in timeline.bars.runs] == ["main"] and labels(timeline) == ["main · 1"]
    timeline.set_show_helpers(True)
    assert timeline.row_axis.dimmed_rows() == {1} and timeline.bars.dimmed_count() == 1


def test_rows_appended_live_draw_as_a_timeline_built_from_scratch(qtbot, monkeypatch):
    events = watched_events()
    live = make_timeline(qtbot)
    record = RunRecord(0)
    rebuilds = []
    original = live.bars._rebuild
    monkeypatch.setattr(live.bars, "_rebuild", lambda rec: (rebuilds.append(rec), original(rec)))
    for start in range(0, len(events), 7):
        record.apply(events[start:start + 7])
        now = record.seconds(events[min(start + 6, len(events) - 1)].t_ns)
        live.show_run(record, now)
        fresh = make_timeline(qtbot)
        fresh.show_run(record, now)
        for kind in ("tasks", "tasks_failed"):
            assert bands(getattr(live.watch, kind)) == bands(getattr(fresh.watch, kind)), kind
        assert line_pairs(live) == line_pairs(fresh)
        assert {k: points(item) for k, item in live.watch.marks.items()} == {
            k: points(item) for k, item in fresh.watch.marks.items()}
        assert labels(live) == labels(fresh) and live.legend_labels() == fresh.legend_labels()
        assert live.row_axis.dimmed_rows() == fresh.row_axis.dimmed_rows()
        fresh.close()
    assert len(rebuilds) == 1  # the first show only
    assert live.watch_count()["tasks"] == 5


# -- tooltips and legend ----------------------------------------------------------------

def test_tooltips_say_what_each_mark_and_band_is(qtbot):
    timeline = shown(qtbot, watched_record())
    row = {name: ROWS.index(name) for name in ROWS}
    pool1 = timeline.tooltip_at(4.75, row["ForkPoolWorker-1"])
    assert "task square: 0.300 s" in pool1 and "from 4.600 s to 4.900 s" in pool1
    assert "task square raised after 0.280 s" in timeline.tooltip_at(5.1, row["ForkPoolWorker-2"])
    send = timeline.tooltip_at(0.3, row[MAIN])
    assert f"Pipe send at 0.300 s: message 0 on {PIPE_TO_CHILD}" in send and "received by worker1 at 0.302 s" in send
    receive = timeline.tooltip_at(0.302, row["worker1"])
    assert "Pipe receive at 0.302 s: message 0" in receive and "sent by MainProcess at 0.300 s" in receive
    assert f"Queue put() at 1.000 s on {QUEUE}" in timeline.tooltip_at(1.0, row["worker2"] + TOP)
    assert f"Queue get() returned at 2.010 s from {QUEUE}" in timeline.tooltip_at(2.01, row[MAIN] + TOP)
    assert "join() on worker1 at 2.200 s, took 2.000 s" in timeline.tooltip_at(2.2, row[MAIN] + BOTTOM)
    assert "terminate() on worker3 at 4.000 s" in timeline.tooltip_at(4.0, row[MAIN] + BOTTOM)
    hold = timeline.tooltip_at(2.0, row["worker2"])
    assert "holding the lock 0.700 s" in hold and f"lock: {LOCK}" in hold
    assert f"lock: {LOCK}" in timeline.tooltip_at(1.0, row["worker2"])  # waiting: the lock it then held
    bar = timeline.tooltip_at(3.0, row["worker2"] + 0.25)
    assert "started by: MainProcess (pid 4242)" in bar and "a multiprocessing Process" in bar
    assert "Pool tasks: 3, 1 raised" in timeline.tooltip_at(5.65, row["ForkPoolWorker-2"] + 0.25)
    assert "command: python3 lesson.py" in timeline.tooltip_at(3.0, row[MAIN] + 0.25)


def test_the_legend_lists_only_what_is_drawn_and_still_fits(qtbot):
    timeline = shown(qtbot, watched_record())
    legend = timeline.legend_labels()
    assert [label for label in WATCH_LEGEND if label in legend] == [
        label for label in WATCH_LEGEND if label != "kill() called"]
    record = watched_record()
    record.apply([ProcessCall(MAIN, PIDS[MAIN], ns(6.0), "kill", "worker1", PIDS["worker1"], None)])
    timeline.show_run(record, 6.1)
    assert "kill() called" in timeline.legend_labels()
    # Narrow: the legend wraps into more rows instead of widening the plot past the window.
    timeline.resize(520, 420)
    qtbot.waitUntil(lambda: timeline.plot.width() <= 520)
    assert timeline._marks_legend.columnCount < len(timeline._marks_legend.items)
    assert timeline._legend_box.boundingRect().width() <= timeline.plot.width()


# -- pictures -------------------------------------------------------------------------

def test_the_exported_png_shows_pipe_lines_failed_tasks_and_a_faded_helper(tmp_path):
    def faded(colour):
        share = DIMMED_ALPHA / 255
        rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
        return "#" + "".join(f"{round(c * share + 255 * (1 - share)):02x}" for c in rgb)

    finished = faded(STATE_COLOURS[next(s for s in STATE_COLOURS if s.value == "finished")])
    with offscreen_timeline(watched_record()) as timeline:
        export_widget(timeline.plot, tmp_path / "watched.png")
        timeline.set_show_helpers(False)
        export_widget(timeline.plot, tmp_path / "no helpers.png")
    pixels = png_pixels(tmp_path / "watched.png")
    assert pixel_count(pixels, PIPE_COLOUR, tolerance=12) > 150  # four lines about a row tall, and their marks
    assert pixel_count(pixels, TASK_FAILED_COLOUR) > 150
    assert pixel_count(pixels, finished, tolerance=6) > 3000  # the resource tracker's bar, faded
    assert pixel_count(png_pixels(tmp_path / "no helpers.png"), finished, tolerance=6) < 50

    plain = RunRecord(0)
    plain.apply([event for event in watched_events() if not isinstance(event, (PipeSent, PipeReceived))])
    with offscreen_timeline(plain) as timeline:
        export_widget(timeline.plot, tmp_path / "no pipes.png")
    assert pixel_count(png_pixels(tmp_path / "no pipes.png"), PIPE_COLOUR, tolerance=12) == 0


# -- cost -----------------------------------------------------------------------------

@pytest.fixture
def antialiased():
    """As the window draws (``gui.app`` turns pyqtgraph's antialiasing on): what a frame costs there."""
    before = pg.getConfigOption("antialias")
    pg.setConfigOptions(antialias=True)
    yield
    pg.setConfigOptions(antialias=before)


def test_five_hundred_rows_with_thousands_of_marks_redraw_in_tens_of_ms(qtbot, antialiased):
    record = big_watched_record()
    timeline = make_timeline(qtbot, (1000, 700))
    timeline.set_following(False)
    view = timeline.plot_item.getViewBox()

    def frame(now):
        started = time.perf_counter()
        timeline.show_run(record, now)
        timeline.plot.grab()  # paints every item
        return time.perf_counter() - started

    frame(12.0)  # the first show derives every row
    view.setRange(yRange=(0, 20), padding=0)  # rows tall enough for marks: every kind is drawn
    frame(12.0)
    counts = timeline.watch_count()
    assert counts["pipe_lines"] == 499 * 10 and counts["tasks"] + counts["tasks_failed"] == 499 * 10
    assert counts["pipe_send"] > 100 and counts["queue_put"] > 100
    # A live frame: one process reports a few more things.
    times = []
    for step in range(5):
        record.apply([QueuePut("proc3", 5, ns(12 + step), "q"), PipeSent("proc3", 5, ns(12 + step), "x", step)])
        times.append(frame(12.5 + step))
    assert sorted(times)[2] < 0.06, times  # the median: 10-20 ms here, with room for a slower machine
    view.setRange(yRange=(0, 500), padding=0)  # every row: no marks, but every band and line
    frame(17.5)
    times = []
    for step in range(5):
        record.apply([QueuePut("proc3", 5, ns(18 + step), "q")])
        times.append(frame(18 + step))
    assert sorted(times)[2] < 0.06, times
