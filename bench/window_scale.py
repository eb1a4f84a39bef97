"""The window with many workers: event-loop stalls, and correctness at 1,000.

The product's real path in one process: an offscreen ``QApplication``, a
shown ``gui.window.main_window.MainWindow`` (its 200 ms table poll and 50 ms
timeline frames run as in the app) with a throw-away settings file (a temp
ini, so the user's own settings are neither read nor written), the default
start method (forkserver). A 5 ms ``QTimer`` (PreciseTimer) on the GUI
thread records the gap between its ticks; a gap well over 5 ms is the time
the event loop was busy with something else, i.e. the window could not
repaint or react.

a) start stall: 200 sleep workers (3 s each); the gaps are taken from the
   tick before Start (``start_run()`` runs inside the measured loop) until
   every worker has reported its first line. Goal: max gap <= 50 ms.
b) scale: one run of 1,000 sleep workers (2 s each); the gaps are taken
   from Start until the run has ended and the window shows it. Then: every
   table row's Exit code reads "0 (ok)", the timeline draws 1,000 finished
   bars, the record holds 1,000 exit events.

    python bench/window_scale.py [--start-workers 200] [--scale-workers 1000]

This file is the main module, so forkserver children re-import it: its
module level imports only ``os`` and ``sys``.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

TICK_MS = 5
START_WORKERS = 200
START_INTERVAL_S = 3.0
START_GOAL_MS = 50.0
SCALE_WORKERS = 1000
SCALE_INTERVAL_S = 2.0
#: 1,000 workers: 100 ms is the usual bound for a reaction to feel immediate;
#: 2x the 200-worker start goal, as the table has 5x the rows, the timeline
#: 5x the bars, and the run includes the exit burst as well as the start.
SCALE_GOAL_MS = 100.0
TIMEOUT_S = 120.0
SETTLE_S = 5.0  #: after the last exit, how long the table and timeline may take to show it


class GapRecorder:
    """A 5 ms timer on the GUI thread; ``gaps_ms`` holds the time between ticks."""

    def __init__(self, on_tick=None):
        from PySide6.QtCore import Qt, QTimer

        self.gaps_ms = []
        self.times = []  #: perf_counter() of each tick
        self._last = None
        self._on_tick = on_tick
        self.timer = QTimer()
        self.timer.setTimerType(Qt.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    def start(self):
        import time

        self._last = time.perf_counter()
        self.timer.start()

    def stop(self):
        self.timer.stop()

    def _tick(self):
        import time

        now = time.perf_counter()
        self.gaps_ms.append((now - self._last) * 1e3)
        self.times.append(now)
        self._last = now
        if self._on_tick is not None:
            self._on_tick()


def percentile(values, fraction):
    from bench.start_cost import percentile as linear

    return linear(values, fraction)


def run_until(app, condition, timeout_s, on_start=None):
    """Runs the event loop with a gap recorder until ``condition()``; returns the gaps (ms)."""
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_s
    timed_out = [False]

    def check():
        if condition():
            loop.quit()
        elif time.perf_counter() > deadline:
            timed_out[0] = True
            loop.quit()

    recorder = GapRecorder(check)
    recorder.start()
    if on_start is not None:
        QTimer.singleShot(0, on_start)  # inside the measured loop: its own stall counts
    loop.exec()
    recorder.stop()
    if timed_out[0]:
        raise RuntimeError(f"condition not met within {timeout_s:g} s")
    run_until.last_times = recorder.times
    return recorder.gaps_ms


def started_count(window):
    record = window.record
    if record is None:
        return 0
    with record.lock:
        return sum(run.start_s is not None for run in record.workers.values())


def all_exited(window, count):
    record = window.record
    if record is None:
        return False
    with record.lock:
        return len(record.workers) == count and record.all_exited()


def check_window(window, count):
    """(ok, details) for the finished run: table, timeline, record."""
    from engine import WorkerExited, WorkerState
    from gui.panels.worker_table_model import EXIT_CODE

    model = window.model
    rows = model.rowCount()
    labels = [model.data(model.index(row, EXIT_CODE)) for row in range(rows)]
    ok_rows = sum(label == "0 (ok)" for label in labels)
    bars = window.timeline.bar_count()
    finished_bars = bars.get(WorkerState.FINISHED, 0)
    other_bars = sum(n for state, n in bars.items() if state != WorkerState.FINISHED)
    with window.record.lock:
        exits = sum(isinstance(event, WorkerExited) for event in window.record.events)
    ok = rows == count and ok_rows == count and finished_bars == count and other_bars == 0 and exits == count
    details = (f"{ok_rows}/{rows} rows '0 (ok)', {finished_bars} finished bars (+{other_bars} other), "
               f"{exits} exit events")
    return ok, details


def start_stall(app, window, workers=START_WORKERS, interval=START_INTERVAL_S):
    import time

    from engine import WorkerSpec

    window.model.set_specs([WorkerSpec(f"s{i:03d}", interval) for i in range(workers)])
    app.processEvents()
    began = [None]

    def start():
        began[0] = time.perf_counter()
        window.start_run()

    gaps = run_until(app, lambda: started_count(window) == workers, TIMEOUT_S, start)
    all_started_s = time.perf_counter() - began[0]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    print(f"a) longest gap ended {run_until.last_times[worst] - began[0]:.2f} s after Start")
    # Let the run end before the next part (not measured).
    run_until(app, lambda: all_exited(window, workers) and not window.is_running(), TIMEOUT_S)
    return gaps, all_started_s


def scale_run(app, window, workers=SCALE_WORKERS, interval=SCALE_INTERVAL_S):
    import time

    from engine import WorkerSpec

    window.model.set_specs([WorkerSpec(f"w{i:03d}", interval) for i in range(workers)])
    app.processEvents()
    began = [None]
    exited_at = [None]

    def start():
        began[0] = time.perf_counter()
        window.start_run()

    def finished():
        if exited_at[0] is None:
            if not all_exited(window, workers):
                return False
            exited_at[0] = time.perf_counter()
        # The run has ended; done when the window shows it (or after SETTLE_S: then the check fails).
        return check_window(window, workers)[0] or time.perf_counter() - exited_at[0] > SETTLE_S

    gaps = run_until(app, finished, TIMEOUT_S + SETTLE_S, start)
    shown_s = time.perf_counter() - began[0]
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    print(f"b) longest gap ended {run_until.last_times[worst] - began[0]:.2f} s after Start")
    ok, details = check_window(window, workers)
    return gaps, ok, details, exited_at[0] - began[0], shown_s


def main(argv=None):
    import argparse
    import multiprocessing

    from bench.bench_window import bench_window
    from bench.result_line import result
    from bench.start_cost import machine_line
    from engine.model.start_methods import default_start_method

    parser = argparse.ArgumentParser(
        description="Event-loop stalls with 200 and 1,000 workers; 1,000-worker correctness.")
    parser.add_argument("--start-workers", type=int, default=START_WORKERS)
    parser.add_argument("--scale-workers", type=int, default=SCALE_WORKERS)
    parser.add_argument("--method", default=None, help="start method (default: the engine's default)")
    parser.add_argument("--quick", action="store_true", help="the same (for run_all)")
    args = parser.parse_args([] if argv is None else argv)

    print(machine_line())
    method = args.method or default_start_method()
    with bench_window(method) as (app, window):
        gaps_a, started_s = start_stall(app, window, args.start_workers)
        gaps_b, ok, details, exited_s, shown_s = scale_run(app, window, args.scale_workers)
    left = len(multiprocessing.active_children())

    print(f"{TICK_MS} ms PreciseTimer on the GUI thread, gaps between ticks; start method "
          f"{window.bridge.start_method or method}; window shown offscreen with a temp settings file")
    max_a, p99_a = max(gaps_a), percentile(gaps_a, 0.99)
    print(f"a) {args.start_workers} sleep workers ({START_INTERVAL_S:g} s): all started {started_s:.2f} s after "
          f"Start; {len(gaps_a)} ticks, gap median {percentile(gaps_a, 0.5):.1f} ms, p99 {p99_a:.1f} ms, "
          f"max {max_a:.1f} ms")
    max_b, p99_b = max(gaps_b), percentile(gaps_b, 0.99)
    print(f"b) {args.scale_workers} sleep workers ({SCALE_INTERVAL_S:g} s): all exited {exited_s:.2f} s after Start, "
          f"shown at {shown_s:.2f} s; {len(gaps_b)} ticks, gap median {percentile(gaps_b, 0.5):.1f} ms, "
          f"p99 {p99_b:.1f} ms, max {max_b:.1f} ms")
    print(f"b) window after the run: {details}")
    print(f"worker processes left after the bench: {left}")
    result(f"4. {args.start_workers} workers starting: longest event-loop stall",
           f"{max_a:.0f} ms (p99 {p99_a:.0f} ms)", f"<= {START_GOAL_MS:g} ms", max_a <= START_GOAL_MS)
    result(f"6. {args.scale_workers} workers: responsive (max event-loop gap)",
           f"{max_b:.0f} ms (p99 {p99_b:.0f} ms)", f"<= {SCALE_GOAL_MS:g} ms", max_b <= SCALE_GOAL_MS)
    result(f"6. {args.scale_workers} workers: table and timeline correct", details, f"all {args.scale_workers} ok", ok)
    return 0 if left == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
