"""Timeline redraw with many bars, offscreen.

Goal: a redraw with 10,000 bars under 20 ms.

A ``gui.timeline.widget.TimelineWidget`` resized to 1200x600 and shown on the
offscreen platform, with pyqtgraph's ``antialias=True`` as ``gui.app.run_app``
sets it. A synthetic ``engine.RunRecord`` of N workers is built from
``engine.model.events`` (made-up pids and ``t_ns`` over 60 s; exit codes 0, 1, -15
and -9, one in ten still running, one in ten launched but not started, which
draws no bar). One sample is ``widget.show_run(record, now_s)`` followed by
``widget.plot.grab()``, which paints the plot (the ``PlotWidget``, a
``QGraphicsView``) into a pixmap, the same painting the window does on
screen. Pending events are processed between samples, outside the timing.

For N = 1k, 10k, 100k it times, as medians of several samples:

* redraw: the same record again, ``now_s`` 50 ms later (what the window's
  50 ms frame timer does while a run goes on); split into ``show_run`` and
  the render;
* window frame: ``show_run`` + ``processEvents()``, in which the shown
  widget repaints its dirty region itself, as after the window's frame timer
  (a cross-check of the ``grab()`` figure);
* render without row labels: the same render with the left axis given no
  ticks (``setTicks([[]])``), to show what the row labels cost (the axis
  labels only the rows in view, as many as fit);
* first draw: a record with new worker names (the axis gets new ticks);
* append 100: 100 new workers (launched and started) applied to a record
  of N that was already drawn, then ``show_run`` + render;
* floor: ``QPainter.drawRects`` of N rectangles (one brush, no pen,
  antialiased, from a ``pyqtgraph`` ``PrimitiveArray`` as ``BarGraphItem``
  uses) into a 1200x600 ``QImage``.

Where the time goes, by wall clock: ``show_run`` = re-deriving every row
from the ``RunRecord`` (Python, per row) + handing the arrays to the six
``BarGraphItem``s (timed alone by calling their ``setOpts`` again with the
same arrays); render = the left axis's row labels (render minus render
without row labels) + everything else. ``--profile`` also prints cProfile's
top functions for 10 redraws at 10k.

    python bench/timeline_redraw.py [--sizes 1000 10000 100000] [--profile]
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

DEFAULT_SIZES = (1000, 10000, 100000)
WIDTH, HEIGHT = 1200, 600
GOAL_N = 10000
GOAL_MS = 20.0
FRAME_S = 0.05
APPEND = 100
APPEND_GOAL_MS = 15.0
FLOOR_FACTOR, FLOOR_SLACK_MS = 1.5, 2.0  #: redraw goal against the drawRects floor
#: Samples per size: (redraw, first draw / append). 100k first draws take seconds.
REPEATS = {1000: (15, 5), 10000: (15, 5), 100000: (5, 2)}
DEFAULT_REPEATS = (10, 3)

from bench.synthetic_runs import SPAN_S, append_workers, synthetic_record  # noqa: E402 (after sys.path)


def median(values):
    from bench.start_cost import percentile

    return percentile(values, 0.5)


class Bench:
    def __init__(self):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        import pyqtgraph as pg
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        pg.setConfigOptions(antialias=True)  # as gui.app.run_app does
        from gui.timeline.widget import TimelineWidget

        self.widget = TimelineWidget()
        self.widget.resize(WIDTH, HEIGHT)
        self.widget.show()
        self.app.processEvents()
        self.now_s = SPAN_S + 2.0

    def close(self):
        self.widget.close()
        self.widget.deleteLater()
        self.app.processEvents()

    def _settle(self):
        self.app.processEvents()

    def draw(self, record):
        """One sample: (show_run ns, render ns). Pending events run first, untimed."""
        import time

        self._settle()
        self.now_s += FRAME_S
        started = time.perf_counter_ns()
        self.widget.show_run(record, self.now_s)
        shown = time.perf_counter_ns()
        self.widget.plot.grab()
        rendered = time.perf_counter_ns()
        return shown - started, rendered - shown

    def window_frames(self, record, repeats):
        """``show_run`` + ``processEvents()``: the shown widget repaints itself, as
        after the window's frame timer. Returns (samples, how many had a paint)."""
        import time

        from PySide6.QtCore import QEvent, QObject

        class PaintCounter(QObject):
            count = 0

            def eventFilter(self, watched, event):
                if event.type() == QEvent.Paint:
                    self.count += 1
                return False

        counter = PaintCounter()
        viewport = self.widget.plot.viewport()
        viewport.installEventFilter(counter)
        samples, painted = [], 0
        try:
            self.draw(record)
            for _ in range(repeats):
                self._settle()
                before = counter.count
                self.now_s += FRAME_S
                started = time.perf_counter_ns()
                self.widget.show_run(record, self.now_s)
                self.app.processEvents()
                samples.append(time.perf_counter_ns() - started)
                painted += counter.count > before
        finally:
            viewport.removeEventFilter(counter)
        return samples, painted

    def render_only(self):
        import time

        self._settle()
        started = time.perf_counter_ns()
        self.widget.plot.grab()
        return time.perf_counter_ns() - started

    def redraws(self, record, repeats):
        self.draw(record)  # warm-up: new names, new ticks
        self.draw(record)
        return [self.draw(record) for _ in range(repeats)]

    def render_without_row_labels(self, record, repeats):
        """The render with the left axis's row labels switched off."""
        axis = self.widget.plot_item.getAxis("left")
        self.draw(record)
        axis.setTicks([[]])
        try:
            self.render_only()  # warm-up: the axis rebuilds its picture once
            return [self.render_only() for _ in range(repeats)]
        finally:
            axis.setTicks(None)  # back to the axis's own labels (only those that fit)
            self.draw(record)

    def first_draws(self, n, repeats):
        """Records with other names in turn: each draw meets new rows."""
        records = [synthetic_record(n, prefix="x"), synthetic_record(n, prefix="y")]
        return [self.draw(records[rep % 2]) for rep in range(repeats)]

    def set_opts(self, repeats):
        """Handing the current arrays to the BarGraphItems again, as show_run does."""
        import time

        import pyqtgraph as pg

        items = [item for item in self.widget.plot_item.items if isinstance(item, pg.BarGraphItem)]
        samples = []
        for _ in range(repeats):
            self._settle()
            started = time.perf_counter_ns()
            for item in items:
                opts = item.opts
                item.setOpts(x0=opts["x0"], x1=opts["x1"], y=opts["y"], height=opts["height"])
            samples.append(time.perf_counter_ns() - started)
        return samples

    def appends(self, n, repeats):
        import time

        samples, applies = [], []
        for rep in range(repeats):
            record = synthetic_record(n, prefix=f"a{rep}w")
            self.draw(record)
            started = time.perf_counter_ns()
            append_workers(record, APPEND, self.now_s)
            applies.append(time.perf_counter_ns() - started)
            samples.append(self.draw(record))
        return samples, applies


def floor_ms(record, repeats, now_s):
    """QPainter.drawRects of the record's bars into a 1200x600 QImage, antialiased."""
    import time

    from pyqtgraph.Qt.internals import PrimitiveArray
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    spans = []
    for row, run in enumerate(record.workers.values()):
        if run.start_s is not None:
            end = run.bar_end_s if run.bar_end_s is not None else now_s
            spans.append((run.start_s, end, row))
    rows = max(len(record.workers), 1)
    x_scale, y_scale = WIDTH / (now_s * 1.05), HEIGHT / rows
    rects = PrimitiveArray(QRectF, 4)
    rects.resize(len(spans))
    memory = rects.ndarray()
    for index, (start, end, row) in enumerate(spans):
        memory[index] = (start * x_scale, (row - 0.3) * y_scale, (end - start) * x_scale, 0.6 * y_scale)
    image = QImage(WIDTH, HEIGHT, QImage.Format_ARGB32_Premultiplied)
    samples = []
    for _ in range(repeats + 1):
        image.fill(QColor("white"))
        started = time.perf_counter_ns()
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor("#0072B2"))
        painter.drawRects(*rects.drawargs())
        painter.end()
        samples.append(time.perf_counter_ns() - started)
    return median(samples[1:]) / 1e6, len(spans)


def profile_redraws(bench, record, redraws=10, top=25):
    """cProfile of ``redraws`` redraws of ``record``; prints the top functions."""
    import cProfile
    import pstats

    bench.draw(record)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(redraws):
        bench.draw(record)
    profiler.disable()
    print(f"cProfile of {redraws} redraws of {len(record.workers):,} rows (the profiler inflates Python calls):")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def measure(sizes=DEFAULT_SIZES, profile_top=0):
    """One result row per size; with ``profile_top``, also prints a cProfile at 10k."""
    bench = Bench()
    rows = []
    try:
        for n in sizes:
            redraw_reps, slow_reps = REPEATS.get(n, DEFAULT_REPEATS)
            record = synthetic_record(n)
            redraws = bench.redraws(record, redraw_reps)
            bars = sum(bench.widget.bar_count().values())
            no_labels = bench.render_without_row_labels(record, redraw_reps)
            set_opts = bench.set_opts(redraw_reps)
            frames, painted = bench.window_frames(record, redraw_reps)
            firsts = bench.first_draws(n, slow_reps)
            appends, applies = bench.appends(n, slow_reps)
            floor, floor_bars = floor_ms(record, redraw_reps, bench.now_s)
            to_ms = 1e-6
            rows.append({
                "n": n,
                "bars": bars,
                "redraw_ms": median([a + b for a, b in redraws]) * to_ms,
                "show_run_ms": median([a for a, _ in redraws]) * to_ms,
                "render_ms": median([b for _, b in redraws]) * to_ms,
                "render_no_labels_ms": median(no_labels) * to_ms,
                "set_opts_ms": median(set_opts) * to_ms,
                "window_ms": median(frames) * to_ms,
                "window_painted": painted,
                "first_draw_ms": median([a + b for a, b in firsts]) * to_ms,
                "append_ms": median([a + b for a, b in appends]) * to_ms,
                "append_apply_ms": median(applies) * to_ms,
                "floor_ms": floor,
                "floor_bars": floor_bars,
                "samples": (redraw_reps, slow_reps),
            })
        if profile_top:
            profile_redraws(bench, synthetic_record(GOAL_N, prefix="p"), top=profile_top)
    finally:
        bench.close()
    return rows


def print_result(rows):
    print(
        f"{'N':>7} {'bars':>7} {'redraw':>8} {'show_run':>9} {'render':>8} {'render, no':>11} "
        f"{'window':>8} {'first':>8} {'append':>8} {'drawRects':>10}"
    )
    print(
        f"{'':>7} {'':>7} {'ms':>8} {'ms':>9} {'ms':>8} {'labels ms':>11} "
        f"{'frame ms':>8} {'draw ms':>8} {'100 ms':>8} {'floor ms':>10}"
    )
    for row in rows:
        print(
            f"{row['n']:>7,} {row['bars']:>7,} {row['redraw_ms']:>8.1f} {row['show_run_ms']:>9.1f} "
            f"{row['render_ms']:>8.1f} {row['render_no_labels_ms']:>11.1f} {row['window_ms']:>8.1f} "
            f"{row['first_draw_ms']:>8.1f} "
            f"{row['append_ms']:>8.1f} {row['floor_ms']:>10.2f}"
        )
    print(
        "samples per size (redraw, first draw/append): "
        + ", ".join(f"{row['n']:,}: {row['samples'][0]}, {row['samples'][1]}" for row in rows)
        + "; window frame = show_run + processEvents(), the shown widget repainting itself (painted in "
        + ", ".join(f"{row['window_painted']}/{row['samples'][0]}" for row in rows) + " samples)"
    )
    for row in rows:
        derive = row["show_run_ms"] - row["set_opts_ms"]
        labels = row["render_ms"] - row["render_no_labels_ms"]
        print(
            f"{row['n']:>7,}: show_run {row['show_run_ms']:.1f} = re-deriving rows from the RunRecord {derive:.1f} "
            f"+ 6 BarGraphItem.setOpts {row['set_opts_ms']:.1f}; render {row['render_ms']:.1f} = "
            f"left-axis row labels {labels:.1f} + the rest {row['render_no_labels_ms']:.1f} "
            f"(drawRects floor {row['floor_ms']:.2f}); RunRecord.apply of 100 new workers {row['append_apply_ms']:.2f}"
        )
    goal = next((row for row in rows if row["n"] == GOAL_N), None)
    if goal is not None:
        verdict = "within" if goal["redraw_ms"] < GOAL_MS else "NOT within"
        print(f"timeline redraw at {GOAL_N:,} rows = {goal['redraw_ms']:.1f} ms ({verdict} the {GOAL_MS:g} ms goal)")
    print_results(rows)


def print_results(rows):
    from bench.result_line import result

    for row in rows:
        limit = FLOOR_FACTOR * row["floor_ms"] + FLOOR_SLACK_MS
        result(f"4. timeline redraw, {row['n']:,} rows vs drawRects of the same {row['floor_bars']:,} rects",
               f"{row['redraw_ms']:.1f} ms (floor {row['floor_ms']:.2f} ms)",
               f"<= {FLOOR_FACTOR:g}x floor + {FLOOR_SLACK_MS:g} ms = {limit:.1f} ms", row["redraw_ms"] <= limit)
    goal = next((row for row in rows if row["n"] == GOAL_N), None)
    if goal is not None:
        result(f"(issue 2) timeline redraw at {GOAL_N:,} rows (absolute)", f"{goal['redraw_ms']:.1f} ms",
               f"< {GOAL_MS:g} ms", goal["redraw_ms"] < GOAL_MS)
        result(f"4. timeline append {APPEND} bars to {GOAL_N:,} (apply + show_run + render)",
               f"{goal['append_ms'] + goal['append_apply_ms']:.1f} ms", f"<= {APPEND_GOAL_MS:g} ms",
               goal["append_ms"] + goal["append_apply_ms"] <= APPEND_GOAL_MS)


def main(argv=None):
    """Measures and prints; returns the rows. ``argv=None`` means the defaults."""
    import argparse

    from bench.start_cost import machine_line

    parser = argparse.ArgumentParser(description="TimelineWidget redraw time with N bars, offscreen.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--profile", action="store_true", help="also print cProfile's top functions at 10k")
    parser.add_argument("--quick", action="store_true", help="accepted for run_all; the defaults take ~1 min")
    args = parser.parse_args([] if argv is None else argv)

    print(machine_line())
    import pyqtgraph
    import PySide6

    print(
        f"TimelineWidget {WIDTH}x{HEIGHT} shown offscreen (PySide6 {PySide6.__version__}, pyqtgraph "
        f"{pyqtgraph.__version__}, antialias on); redraw = show_run(record, now_s) + widget.plot.grab(), medians"
    )
    rows = measure(args.sizes, 25 if args.profile else 0)
    print_result(rows)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
