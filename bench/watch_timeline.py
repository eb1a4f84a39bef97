"""The timeline drawing a watched script's run: 500 processes, thousands of marks.

Goal: a live frame (a process reports a Queue put and a Pipe send, then
``show_run`` + paint) in tens of ms, so 500 watched processes keep the
window responsive.

A ``TimelineWidget`` 1200x600 shown offscreen draws a synthetic record
(``tests.watched_records.big_watched_record``): a main process and 499
others (one in 50 a helper), each with 10 Pool tasks (one in 7 raising),
10 Pipe messages to the next process, 10 Queue puts and gets, a join():
about 5,000 task bands, 5,000 Pipe lines, 20,000 marks. Times are medians
of ``show_run(record, now)`` + ``widget.plot.grab()``:

* first draw: every row derived from the record;
* live frame, rows tall enough for marks (20 rows in view: every kind drawn);
* live frame, all 500 rows in view (marks left out, bands and lines drawn);
* hide helpers: ``set_show_helpers(False)`` and the frame after it (a rebuild).

    python bench/watch_timeline.py [--quick]
"""
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

WIDTH, HEIGHT = 1200, 600
ROWS = 500
GOAL_MS = 50.0


def measure(samples: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    pg.setConfigOptions(antialias=True)
    from engine.model.events import PipeSent, QueuePut
    from gui.timeline.widget import TimelineWidget
    from tests.watched_records import big_watched_record, ns

    record = big_watched_record(ROWS)
    widget = TimelineWidget()
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    app.processEvents()
    widget.set_following(False)
    view = widget.plot_item.getViewBox()

    def frame(now: float) -> float:
        started = time.perf_counter()
        widget.show_run(record, now)
        widget.plot.grab()
        elapsed = (time.perf_counter() - started) * 1e3
        app.processEvents()
        return elapsed

    now = 12.0
    results = {"first draw": frame(now)}
    for label, rows in (("live frame, 20 rows in view", (0, 20)), ("live frame, all rows in view", (0, ROWS))):
        view.setRange(yRange=rows, padding=0)
        frame(now)
        times = []
        for step in range(samples):
            now += 0.05
            record.apply([QueuePut("proc3", 5, ns(now), "q"), PipeSent("proc3", 5, ns(now), "bench", step)])
            times.append(frame(now))
        results[label] = statistics.median(times)
    counts = widget.watch_count()
    started = time.perf_counter()
    widget.set_show_helpers(False)
    widget.plot.grab()
    results["hide helpers"] = (time.perf_counter() - started) * 1e3
    widget.close()
    return {"results": results, "counts": counts}


def main(argv=None):
    import argparse

    from bench.result_line import result
    from bench.start_cost import machine_line

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    args = parser.parse_args([] if argv is None else argv)
    print(machine_line())
    measured = measure(10 if args.quick else 40)
    counts = measured["counts"]
    print(f"{ROWS} rows: {counts['tasks'] + counts['tasks_failed']:,} task bands, {counts['pipe_lines']:,} Pipe lines")
    for label, ms in measured["results"].items():
        print(f"{label:>30}: {ms:7.1f} ms")
    live = measured["results"]["live frame, 20 rows in view"]
    result(f"watched timeline, {ROWS} processes: live frame (show_run + paint), marks drawn", f"{live:.1f} ms",
           f"< {GOAL_MS:g} ms", live < GOAL_MS)
    everything = measured["results"]["live frame, all rows in view"]
    result(f"watched timeline, {ROWS} processes: live frame, all rows in view", f"{everything:.1f} ms",
           f"< {GOAL_MS:g} ms", everything < GOAL_MS)


if __name__ == "__main__":
    main(sys.argv[1:])
