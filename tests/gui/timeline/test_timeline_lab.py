"""The timeline's lab layers: lock bands, marks, tooltips, counter rows, exports.

Records are built from hand-made engine events: no processes are needed to
check what is drawn.
"""
import numpy as np
import pytest

from engine import RunRecord
from engine.model.events import (
    JoinReturned,
    LockAbandoned,
    LockAcquired,
    LockReleased,
    LockWaiting,
    MessageSent,
    OutputLine,
    ResourceSample,
    RoundTrip,
    WorkerEnded,
    WorkerExited,
    WorkerLaunched,
    WorkerStarted,
)
from gui.theme import LOCK_HOLD_COLOUR, LOCK_WAIT_COLOUR
from gui.timeline.counters import OWN_CURVES
from gui.timeline.export import export_widget
from gui.timeline.marks import BOTTOM, HOLD_HEIGHT, TOP, WAIT_HEIGHT
from gui.timeline.offscreen_render import offscreen_timeline
from gui.timeline.row_axis import MAX_LABEL_PX
from tests.gui.conftest import make_timeline as make_shown_timeline
from tests.image_checks import pixel_count, png_pixels, svg_shapes

S = 1_000_000_000


def ns(seconds: float) -> int:
    return int(round(seconds * S))


# -- records, as the engine would report them -----------------------------------

def lock_record(running: bool = False) -> RunRecord:
    """Three workers take turns holding one lock for a second each (spawn: 80 ms starts).

    With ``running``, locker3 still holds the lock (opened at 2.2 s) and has
    not exited."""
    names = ["locker1", "locker2", "locker3"]
    record = RunRecord.for_names(0, names)
    events = []
    for pid, name in enumerate(names, 1):
        launch = 0.01 * (pid - 1)
        events += [WorkerLaunched(name, pid, ns(launch)), WorkerStarted(name, pid, ns(launch + 0.08)),
                   LockWaiting(name, pid, ns(launch + 0.09))]
    events += [LockAcquired("locker1", 1, ns(0.09)), LockReleased("locker1", 1, ns(1.09)),
               WorkerEnded("locker1", 1, ns(1.10)), WorkerExited("locker1", 1, ns(1.12), 0),
               LockAcquired("locker2", 2, ns(1.09)), LockReleased("locker2", 2, ns(2.2)),
               WorkerEnded("locker2", 2, ns(2.21)), WorkerExited("locker2", 2, ns(2.23), 0),
               LockAcquired("locker3", 3, ns(2.2))]
    if not running:
        events += [LockReleased("locker3", 3, ns(3.2)), WorkerEnded("locker3", 3, ns(3.21)),
                   WorkerExited("locker3", 3, ns(3.23), 0)]
    record.apply(events)
    return record


def messages_record() -> RunRecord:
    """talker sends 20 messages in 2 s, whisper 5 in 3 s; both time a ping/pong."""
    record = RunRecord.for_names(0, ["talker", "whisper"])
    events = []
    for pid, (name, count, seconds) in enumerate((("talker", 20, 2.0), ("whisper", 5, 3.0)), 1):
        events += [WorkerLaunched(name, pid, ns(0.0)), WorkerStarted(name, pid, ns(0.012))]
        events += [MessageSent(name, pid, ns(0.012 + seconds * i / count), i, count) for i in range(1, count + 1)]
        end = 0.012 + seconds + 0.01
        events += [RoundTrip(name, pid, ns(end - 0.005), 1, 180_000), WorkerEnded(name, pid, ns(end)),
                   WorkerExited(name, pid, ns(end + 0.02), 0)]
    record.apply(events)
    return record


def crash_record() -> RunRecord:
    """One survivor and five workers that fail each way; "holder" dies holding the
    lock, "stuck" outlives a join(timeout=0.5)."""
    crashes = [("raises", 1.0, 1), ("exits4", 1.2, 4), ("os_exit3", 1.4, 3), ("sigkill", 1.6, -9),
               ("segfault", 1.8, -11)]
    names = ["survivor", *[name for name, _, _ in crashes], "holder", "stuck"]
    record = RunRecord.for_names(0, names)
    events = [WorkerLaunched("survivor", 1, 0), WorkerStarted("survivor", 1, ns(0.015)),
              WorkerEnded("survivor", 1, ns(3.015)), WorkerExited("survivor", 1, ns(3.03), 0),
              JoinReturned("survivor", 1, ns(3.04), False)]
    for pid, (name, seconds, code) in enumerate(crashes, 2):
        events += [WorkerLaunched(name, pid, ns(0.002 * pid)), WorkerStarted(name, pid, ns(0.002 * pid + 0.015))]
        if name == "raises":
            events.append(OutputLine(name, pid, ns(seconds), "Traceback (most recent call last):", "stderr"))
        events.append(WorkerExited(name, pid, ns(seconds + 0.01), code))
    events += [WorkerLaunched("holder", 7, ns(0.02)), WorkerStarted("holder", 7, ns(0.035)),
               LockWaiting("holder", 7, ns(0.04)), LockAcquired("holder", 7, ns(0.05)),
               WorkerExited("holder", 7, ns(2.0), -9), LockAbandoned("holder", 7, ns(2.01), -9)]
    events += [WorkerLaunched("stuck", 8, ns(0.02)), WorkerStarted("stuck", 8, ns(0.04)),
               JoinReturned("stuck", 8, ns(2.5), True), WorkerExited("stuck", 8, ns(3.5), -15)]
    record.apply(events)
    return record


def sampled_record(workers: int = 3, seconds: int = 4) -> RunRecord:
    """``workers`` workers with a psutil sample each second."""
    names = [f"crunch{n}" for n in range(1, workers + 1)]
    record = RunRecord.for_names(0, names)
    events = []
    for pid, name in enumerate(names, 1):
        events += [WorkerLaunched(name, pid, 0), WorkerStarted(name, pid, ns(0.01))]
        for second in range(1, seconds + 1):
            cpu = 0.0 if second == 1 else 88.0 - 9 * (pid % 4) + second
            events.append(ResourceSample(name, pid, ns(second + 0.001 * pid), cpu, (12 + 3 * pid + second) * 1_000_000))
        events += [WorkerEnded(name, pid, ns(seconds + 0.3)), WorkerExited(name, pid, ns(seconds + 0.32), 0)]
    record.apply(events)
    return record


# -- helpers -------------------------------------------------------------------------

def make_timeline(qtbot, size=(900, 420)):
    return make_shown_timeline(qtbot, size)


def bands(item):
    """(x0, x1, y) rows of a BarGraphItem, sorted by y then x0."""
    opts = item.opts
    rows = sorted(zip(np.asarray(opts["x0"]).tolist(), np.asarray(opts["x1"]).tolist(), np.asarray(opts["y"]).tolist()),
                  key=lambda r: (r[2], r[0]))
    return [(round(a, 6), round(b, 6), int(y)) for a, b, y in rows]


def points(item):
    return sorted(zip(np.round(item.data["x"], 6).tolist(), np.round(item.data["y"], 6).tolist()))


# -- lock bands ---------------------------------------------------------------------

def test_lock_bands_match_the_recorded_spans(qtbot):
    timeline = make_timeline(qtbot)
    record = lock_record()
    timeline.show_run(record, 3.3)
    marks = timeline.marks
    assert bands(marks.waits) == [(0.09, 0.09, 0), (0.1, 1.09, 1), (0.11, 2.2, 2)]
    assert bands(marks.holds) == [(0.09, 1.09, 0), (1.09, 2.2, 1), (2.2, 3.2, 2)]
    assert marks.waits.opts["height"] == WAIT_HEIGHT and marks.holds.opts["height"] == HOLD_HEIGHT
    # drawn above the bars, hold above wait
    bar_z = max(item.zValue() for item in timeline.bars.items.values())
    assert bar_z < marks.waits.zValue() < marks.holds.zValue()
    assert timeline.mark_count()["holds"] == 3 and timeline.mark_count()["waits"] == 3


def test_open_lock_spans_grow_with_now_and_close_when_released(qtbot):
    timeline = make_timeline(qtbot)
    record = lock_record(running=True)
    timeline.show_run(record, 2.5)
    assert bands(timeline.marks.holds)[-1] == (2.2, 2.5, 2)
    timeline.show_run(record, 2.9)
    assert bands(timeline.marks.holds)[-1] == (2.2, 2.9, 2)
    record.apply([LockReleased("locker3", 3, ns(3.0))])
    timeline.show_run(record, 3.5)
    assert bands(timeline.marks.holds)[-1] == (2.2, 3.0, 2)


def test_only_changed_rows_are_re_derived(qtbot):
    timeline = make_timeline(qtbot)
    record = lock_record(running=True)
    timeline.show_run(record, 2.5)
    seen = []
    original = timeline.marks.set_row
    timeline.marks.set_row = lambda row, run: (seen.append(row), original(row, run))
    record.apply([LockReleased("locker3", 3, ns(3.0))])
    timeline.show_run(record, 3.1)
    timeline.show_run(record, 3.2)
    assert seen == [2]


def test_a_worker_that_dies_holding_the_lock_says_so(qtbot):
    timeline = make_timeline(qtbot)
    record = crash_record()
    timeline.show_run(record, 4.0)
    row = list(record.workers).index("holder")
    assert (0.05, 2.0, row) in bands(timeline.marks.holds)  # closed at the exit
    bar = timeline.tooltip_at(1.0, row + 0.28)  # on the bar, outside the hold band
    assert "died holding the lock" in bar
    band = timeline.tooltip_at(1.0, row)
    assert "holding the lock 1.950 s" in band and "died holding the lock" in band


# -- marks ----------------------------------------------------------------------------

def test_message_marks_one_per_message(qtbot):
    timeline = make_timeline(qtbot)
    record = messages_record()
    timeline.show_run(record, 3.2)
    messages = timeline.marks.marks["message"]
    assert len(messages.data) == 25 == sum(len(run.messages) for run in record.workers.values())
    talker = [x for x, y in points(messages) if y == round(0 + TOP, 6)]
    assert talker == [round(t, 6) for t in record.workers["talker"].messages]


def test_messages_arriving_frame_by_frame_are_added_not_redrawn(qtbot):
    timeline = make_timeline(qtbot)
    record = RunRecord.for_names(0, ["a", "b"])
    record.apply([WorkerLaunched(name, pid, ns(0.001)) for pid, name in enumerate("ab", 1)])
    item = timeline.marks.marks["message"]
    full_redraws = []
    original_set_data = item.setData
    item.setData = lambda *args, **kwargs: (full_redraws.append(1), original_set_data(*args, **kwargs))
    sent = {"a": [], "b": []}
    for frame in range(5):
        for row, name in enumerate("ab"):
            for i in range(3 + row):  # b sends more per frame than a
                t = 0.1 * frame + 0.01 * i + 0.001 * row
                record.apply([MessageSent(name, row + 1, ns(t), len(sent[name]) + 1, 50)])
                sent[name].append(t)
        timeline.show_run(record, 0.1 * frame + 0.09)
    assert len(full_redraws) == 1  # the first frame; then only the new messages are added
    for row, name in enumerate("ab"):
        drawn = sorted(x for x, y in points(item) if y == round(row + TOP, 6))
        assert drawn == [round(t, 6) for t in sorted(sent[name])]


def test_lifecycle_marks_sit_at_the_recorded_times(qtbot):
    timeline = make_timeline(qtbot)
    record = crash_record()
    timeline.show_run(record, 4.0)
    marks = timeline.marks.marks
    runs = list(record.workers.values())
    for key, attribute in (("launch", "launch_s"), ("start", "start_s"), ("end", "end_s"), ("exit", "exit_s")):
        expected = sorted(round(getattr(run, attribute), 6) for run in runs if getattr(run, attribute) is not None)
        assert sorted(x for x, _ in points(marks[key])) == expected, key
    assert [x for x, _ in points(marks["launch"])].count(0.0) == 1
    assert len(marks["exit"].data) == len(runs)
    assert len(marks["end"].data) == 1  # only the survivor returned from its target
    assert [x for x, _ in points(marks["joined"])] == [3.04]
    assert [x for x, _ in points(marks["join_timeout"])] == [2.5]
    # the start cost: a line from start() called to run begun, per row
    cost = bands(timeline.marks.start_cost)
    assert len(cost) == len(runs) and cost[0] == (0.0, 0.015, 0)


def test_a_starting_worker_grows_its_start_cost_line(qtbot):
    timeline = make_timeline(qtbot)
    record = RunRecord.for_names(0, ["slow"])
    record.apply([WorkerLaunched("slow", 1, ns(0.1))])
    timeline.show_run(record, 0.4)
    assert bands(timeline.marks.start_cost) == [(0.1, 0.4, 0)]
    assert "start() called, the run has not begun" in timeline.tooltip_at(0.3, 0.0)
    record.apply([WorkerStarted("slow", 1, ns(0.5))])
    timeline.show_run(record, 0.9)
    assert bands(timeline.marks.start_cost) == [(0.1, 0.5, 0)]


def test_marks_are_left_out_when_rows_are_too_thin(qtbot):
    timeline = make_timeline(qtbot)
    names = [f"w{i}" for i in range(2000)]
    record = RunRecord.for_names(0, names)
    record.apply([WorkerLaunched(name, i, ns(0.001 * i)) for i, name in enumerate(names)])
    timeline.show_run(record, 3.0)
    counts = timeline.mark_count()
    assert counts["launch"] == 0 and counts["start_cost"] == 0
    timeline.follow_check.setChecked(False)
    timeline.plot_item.getViewBox().setRange(yRange=(99.5, 109.5), padding=0)
    counts = timeline.mark_count()
    # zoomed in: marks for the rows in view and a view's worth either side
    assert counts["launch"] == counts["start_cost"] == 30
    launches = sorted(y for _, y in points(timeline.marks.marks["launch"]))
    assert launches[0] == 90 + BOTTOM and launches[-1] == 119 + BOTTOM
    timeline.plot_item.getViewBox().setRange(yRange=(101.5, 111.5), padding=0)
    assert timeline.mark_count()["launch"] == 30  # a small pan: the same marks
    timeline.plot_item.getViewBox().setRange(yRange=(1499.5, 1509.5), padding=0)
    assert sorted(y for _, y in points(timeline.marks.marks["launch"]))[0] == 1490 + BOTTOM


# -- legend ------------------------------------------------------------------------

def legend_labels(legend):
    return [label.text for _, label in legend.items]


def test_legend_names_the_bands_and_marks_the_record_has(qtbot):
    timeline = make_timeline(qtbot)
    timeline.show_run(lock_record(), 3.3)
    labels = legend_labels(timeline._marks_legend)
    assert labels[:2] == ["waiting for lock", "holding lock"]
    assert "message sent" not in labels and "start() called" in labels
    timeline.show_run(messages_record(), 3.3)
    labels = legend_labels(timeline._marks_legend)
    assert "message sent" in labels and "holding lock" not in labels
    assert legend_labels(timeline._legend) == ["finished"]  # only the states drawn: both workers finished
    timeline.show_run(crash_record(), 4.0)
    assert legend_labels(timeline._legend) == ["finished", "failed", "terminated", "killed"]


def test_legends_wrap_when_narrow(qtbot):
    timeline = make_timeline(qtbot, size=(1200, 420))
    timeline.show_run(crash_record(), 4.0)
    wide = timeline._marks_legend.columnCount
    timeline.resize(420, 420)
    qtbot.waitUntil(lambda: timeline._marks_legend.columnCount < wide)  # on the resize event
    assert timeline._legend.columnCount < 5
    assert timeline.plot.minimumSizeHint().width() <= 420


# -- tooltips ------------------------------------------------------------------------

def test_tooltips_for_bands_marks_and_messages(qtbot):
    timeline = make_timeline(qtbot)
    timeline.show_run(lock_record(), 3.3)
    assert "waiting for the lock 0.990 s" in timeline.tooltip_at(0.6, 1.0)  # locker2 waited 0.10 -> 1.09
    assert "holding the lock 1.110 s" in timeline.tooltip_at(1.5, 1.0)
    assert "holding the lock 1.000 s" in timeline.tooltip_at(0.5, 0.0)
    text = timeline.tooltip_at(0.5, 0.0 + 0.25)  # the bar, above and below the band
    assert "lock: held once, 1.000 s in all; waited 0.000 s" in text
    assert "start cost: 80.0 ms" in text

    run = timeline.bars.runs[1]
    assert timeline.tooltip_at(run.launch_s, 1 + 0.3) == "<b>locker2</b><br>start() called at 0.010 s"
    assert "run begun at 0.090 s (start cost 80.0 ms)" in timeline.tooltip_at(run.start_s, 1 - 0.3)
    assert "exited at 2.230 s (the engine's reaper join() returned): 0" in timeline.tooltip_at(2.23, 1.3)

    timeline.show_run(messages_record(), 3.3)
    talker = timeline.bars.runs[0]
    text = timeline.tooltip_at(talker.messages[2], TOP)
    assert "message 3 of 20 at 0.312 s" in text
    bar = timeline.tooltip_at(1.0, 0.2)
    assert "ping/pong round trip: 0.180 ms" in bar and "messages sent: 20" in bar


def test_join_tooltips(qtbot):
    timeline = make_timeline(qtbot)
    record = crash_record()
    timeline.show_run(record, 4.0)
    stuck = list(record.workers).index("stuck")
    assert "join() timed out at 2.500 s: the worker is still alive" in timeline.tooltip_at(2.5, stuck)
    assert "join() returned at 3.040 s" in timeline.tooltip_at(3.04, 0)


# -- long names ------------------------------------------------------------------------

def test_long_names_widen_the_axis_then_are_elided(qtbot):
    timeline = make_timeline(qtbot)
    short = timeline.row_axis.axis_width()
    record = RunRecord.for_names(0, ["threads · a", "processes · crunch_12"])
    timeline.show_run(record, 1.0)
    labels = timeline.row_axis.tickStrings([0.0, 1.0], 1, 1)
    assert labels == ["threads · a", "processes · crunch_12"]
    assert timeline.row_axis.axis_width() > short
    huge = "processes · " + "x" * 200 + "_end"
    timeline.show_run(RunRecord.for_names(0, [huge]), 1.0)
    label = timeline.row_axis.tickStrings([0.0], 1, 1)[0]
    assert label.startswith("processes") and label.endswith("_end") and "…" in label
    assert timeline.row_axis.axis_width() <= MAX_LABEL_PX + 20


# -- counter rows -----------------------------------------------------------------------

def test_counter_rows_are_off_by_default_and_show_the_samples(qtbot):
    timeline = make_timeline(qtbot, size=(900, 600))
    record = sampled_record()
    timeline.show_run(record, 5.0)
    assert timeline.counters is None and not timeline.counters_check.isChecked()
    check = timeline.findChild(type(timeline.counters_check), "countersCheck")
    assert check is timeline.counters_check and check.toolTip()
    check.setChecked(True)
    counters = timeline.counters
    assert counters.isVisible() and counters.cpu_plot.objectName() == "counterPlot"
    assert counters.memory_plot.objectName() == "memoryPlot"
    curves = counters.curves()
    assert sorted(curves) == ["crunch1", "crunch2", "crunch3"]
    cpu, memory = curves["crunch2"]
    samples = record.workers["crunch2"].samples
    assert cpu.xData.tolist() == [t for t, _, _ in samples]
    assert cpu.yData.tolist() == [c for _, c, _ in samples]
    assert memory.yData.tolist() == [r / 2**20 for _, _, r in samples]  # MB as in the table
    # x linked: zooming the timeline moves the counters
    timeline.plot_item.getViewBox().setXRange(1.0, 2.0, padding=0)
    low, high = counters.cpu_plot.getPlotItem().getViewBox().viewRange()[0]
    assert (round(low, 3), round(high, 3)) == (1.0, 2.0)
    assert timeline.export_target() is timeline.plots_box
    timeline.set_counters_visible(False)
    assert not counters.isVisible() and not check.isChecked()
    assert timeline.export_target() is timeline.plot


def test_counter_rows_update_only_workers_with_new_samples(qtbot):
    timeline = make_timeline(qtbot, size=(900, 600))
    record = sampled_record(workers=2, seconds=0)
    timeline.set_counters_visible(True)
    timeline.show_run(record, 1.0)
    assert timeline.counters.curves() == {}  # no samples yet: no curves, no error
    record.apply([ResourceSample("crunch1", 1, ns(1.0), 50.0, 10_000_000)])
    timeline.show_run(record, 1.1)
    assert list(timeline.counters.curves()) == ["crunch1"]
    drawn = []
    cpu, _ = timeline.counters.curves()["crunch1"]
    original = cpu.setData
    cpu.setData = lambda *a, **k: (drawn.append(a), original(*a, **k))
    record.apply([ResourceSample("crunch2", 2, ns(1.5), 250.0, 10_000_000)])
    timeline.show_run(record, 1.6)
    assert drawn == [] and len(timeline.counters.curves()) == 2
    assert timeline.counters.cpu_plot.getPlotItem().getViewBox().viewRange()[1][1] >= 300  # room for 2.5 cores


def test_counter_rows_cope_with_hundreds_of_workers(qtbot):
    timeline = make_timeline(qtbot, size=(900, 600))
    timeline.set_counters_visible(True)
    record = sampled_record(workers=300, seconds=2)
    timeline.show_run(record, 3.0)
    counters = timeline.counters
    assert len(counters.curves()) == OWN_CURVES
    others, (cpu, memory) = counters.others()
    assert len(others) == 300 - OWN_CURVES
    # every other worker's samples, each followed by a gap
    assert len(cpu.xData) == (300 - OWN_CURVES) * 3 and np.isnan(cpu.xData[2::3]).all()
    labels = legend_labels(counters.legend)
    assert len(labels) == OWN_CURVES + 1 and labels[-1] == f"{300 - OWN_CURVES} more (grey)"
    assert len(counters.cpu_plot.getPlotItem().listDataItems()) <= OWN_CURVES + 1


# -- exports ----------------------------------------------------------------------------

def test_exported_png_shows_the_lock_bands(qtbot, tmp_path):
    with offscreen_timeline(lock_record()) as timeline:
        export_widget(timeline.export_target(), tmp_path / "lock.png")
    pixels = png_pixels(tmp_path / "lock.png")
    assert pixel_count(pixels, LOCK_HOLD_COLOUR) > 2000
    assert pixel_count(pixels, LOCK_WAIT_COLOUR) > 500


def test_exported_svg_holds_vector_bands_and_marks(qtbot, tmp_path):
    with offscreen_timeline(lock_record()) as timeline:
        export_widget(timeline.export_target(), tmp_path / "lock.svg")
    count, fills = svg_shapes(tmp_path / "lock.svg")
    assert count > 30  # bars, bands, marks and their legend swatches as shapes
    assert LOCK_HOLD_COLOUR.lower() in fills and LOCK_WAIT_COLOUR.lower() in fills
    text = (tmp_path / "lock.svg").read_text()
    assert "<image" not in text  # marks as shapes, not pyqtgraph's cached pixmaps
    assert ">locker3<" in text


def test_export_with_counter_rows_holds_both_plots(qtbot, tmp_path):
    with offscreen_timeline(sampled_record(), counters=True) as timeline:
        target = timeline.export_target()
        export_widget(target, tmp_path / "both.png")
        plot_height = timeline.plot.height()
    pixels = png_pixels(tmp_path / "both.png")
    assert pixels.shape[0] > plot_height * target.devicePixelRatioF()
    assert pixel_count(pixels, "#D55E00") > 50  # crunch2's curves


@pytest.mark.parametrize("name", ["lock", "messages", "crash"])
def test_offscreen_render_draws_every_mark(name):
    record = {"lock": lock_record, "messages": messages_record, "crash": crash_record}[name]()
    with offscreen_timeline(record) as timeline:
        counts = timeline.mark_count()
        assert counts["exit"] == counts["launch"] == counts["start_cost"] == len(record.workers)
        assert counts["message"] == sum(len(run.messages) for run in record.workers.values())
        assert timeline.export_target() is timeline.plot
