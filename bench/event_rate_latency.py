"""A worker's event reaching the GUI's model at 1,000 events/s, against a bare blocking recv().

Goal: the p99 within 3x of the floor's p99, measured in the same run.

One messages worker sends ``RATE`` messages a second, evenly, for
``SECONDS``; each ``MessageSent`` carries ``perf_counter_ns()`` taken in the
worker just before ``Connection.send()``. A sample runs from that stamp to
"the model has it": right after ``RunRecord.apply()``, which the bridge
calls on the engine's reader thread. Five paths, one after another in
each round, in this one process:

* **window**: the app's ``MainWindow`` shown offscreen and opened as
  ``run_app`` opens it (``bench/bench_window.py``); the worker started with
  Start. This is the goal's figure.
* **window, no frames**: the same with the timeline's 50 ms frame timer
  stopped: what feeding and painting the timeline costs the model.
* **bridge only**: ``gui.engine_bridge.EngineBridge`` in the same
  ``QApplication``, no window.
* **engine only**: ``engine.Session``, the latency taken in its subscriber
  (the reader thread), no Qt.
* **floor**: a child sends ``perf_counter_ns()`` every 1 ms over
  ``Pipe(duplex=False)``; the main thread's blocking ``recv()`` takes the
  difference (the same sleep-send-wake pattern as the worker).

It also measures why the window costs what it does: PySide6 keeps the GIL
through its C++ calls, so while the GUI thread is inside one (a paint,
a drawing call) no other Python thread runs, the reader included. One
``QPainter.drawRects`` call is timed while a Python thread counts its
turns.

    python bench/event_rate_latency.py [--rounds 3] [--method forkserver]

This file is the main module, so spawn and forkserver children re-run it:
its module level imports only ``os`` and ``sys``; Qt is imported inside
functions.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

RATE = 1000
SECONDS = 2.0
DEFAULT_ROUNDS = 3
QUICK_ROUNDS = 1
GOAL_RATIO = 3.0
TIMEOUT_S = 60.0
PATHS = ("window", "window, no frames", "bridge only", "engine only", "floor")


def talker_spec():
    from engine import WorkerSpec

    return WorkerSpec("talker", SECONDS, "messages", messages=int(RATE * SECONDS))


class ModelTimer:
    """Times each message from its worker's stamp to ``RunRecord.apply()`` returning."""

    def __init__(self):
        self.samples = []

    def __enter__(self):
        import time

        from engine.model.run_record import RunRecord

        self._original = original = RunRecord.apply
        samples = self.samples

        def timed_apply(record, events):
            events = list(events)
            original(record, events)
            now_ns = time.perf_counter_ns()
            samples.extend(now_ns - event.t_ns for event in events if event.kind == "message")

        RunRecord.apply = timed_apply
        return self

    def __exit__(self, *exc_info):
        from engine.model.run_record import RunRecord

        RunRecord.apply = self._original


def run_loop_until(app, condition):
    """Qt's event loop, as the app runs it, until ``condition()``.

    ``QEventLoop.exec()``, not a ``processEvents()`` loop: PySide6 lets go
    of the GIL while ``exec()`` runs Qt's C++, but keeps it through a
    ``processEvents()`` call, paint and all, and the reader would wait for that.
    """
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.perf_counter() + TIMEOUT_S

    def check():
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    timer = QTimer(interval=10)
    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()
    if not condition():
        raise RuntimeError(f"the run did not end within {TIMEOUT_S:g} s")


def window_round(app, window, frames=True):
    window.model.set_specs([talker_spec()])
    with ModelTimer() as timer:
        window.start_run()
        if not frames:
            window.presenter.frame_timer.stop()
        try:
            run_loop_until(app, window.run_has_ended)
        finally:
            window.bridge.close_session()
    return timer.samples


def bridge_round(app, method):
    from gui.engine_bridge import EngineBridge

    bridge = EngineBridge(method)
    with ModelTimer() as timer:
        bridge.start([talker_spec()])
        try:
            run_loop_until(app, bridge.record.all_exited)
        finally:
            bridge.close_session()
    return timer.samples


def engine_round(method):
    import time

    from engine import Session

    samples = []

    def subscriber(events):
        now_ns = time.perf_counter_ns()
        samples.extend(now_ns - event.t_ns for event in events if event.kind == "message")

    with Session([talker_spec()], subscriber, start_method=method) as session:
        session.start()
        if session.join(timeout=TIMEOUT_S):
            raise RuntimeError("engine-only round: the worker did not end")
    return samples


def gil_held_by_a_qt_call(rects=200_000):
    """(ms one drawRects call took, turns a Python thread got meanwhile)."""
    import threading
    import time

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    image = QImage(1000, 1000, QImage.Format_ARGB32_Premultiplied)
    boxes = [QRectF(i % 1000, (i // 1000) % 1000, 4, 4) for i in range(rects)]
    turns = []
    stop = threading.Event()

    def count_turns():
        while not stop.is_set():
            turns.append(time.perf_counter())
            time.sleep(0.0001)

    thread = threading.Thread(target=count_turns)
    thread.start()
    time.sleep(0.02)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    began = time.perf_counter()
    painter.drawRects(boxes)
    ended = time.perf_counter()
    painter.end()
    stop.set()
    thread.join()
    return (ended - began) * 1e3, sum(began < turn < ended for turn in turns)


def measure(rounds, method):
    from bench.bench_window import bench_window
    from bench.event_latency import floor_samples

    samples = {path: [] for path in PATHS}
    with bench_window(method) as (app, window):
        for _ in range(rounds):
            samples["window"] += window_round(app, window)
            samples["window, no frames"] += window_round(app, window, frames=False)
            samples["bridge only"] += bridge_round(app, window.bridge.start_method)
            samples["engine only"] += engine_round(window.bridge.start_method)
            samples["floor"] += floor_samples(window.bridge.start_method, int(RATE * SECONDS), 1.0 / RATE)
        method = window.bridge.start_method
        gil = gil_held_by_a_qt_call()
    return samples, method, gil


def main(argv=None):
    import argparse
    import multiprocessing

    from bench.event_latency import summarize
    from bench.result_line import result
    from bench.start_cost import machine_line

    parser = argparse.ArgumentParser(description="Event to the GUI's model at 1,000 events/s vs blocking recv().")
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--method", default=None, help="start method (default: the engine's default)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROUNDS} round (for run_all)")
    args = parser.parse_args([] if argv is None else argv)
    if args.quick:
        args.rounds = QUICK_ROUNDS

    print(machine_line())
    samples, method, (gil_ms, turns) = measure(args.rounds, args.method)
    print(f"one messages worker, {RATE} messages/s for {SECONDS:g} s, {args.rounds} rounds, start method {method}; "
          "worker stamp to RunRecord.apply() returning; floor = blocking recv() of a child sending every 1 ms")
    rows = {path: summarize(values) for path, values in samples.items()}
    floor = rows["floor"]
    print(f"{'path':<19} {'n':>6} {'median ms':>10} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'p99/floor':>10}")
    for path, row in rows.items():
        print(f"{path:<19} {row['samples']:>6} {row['median_ms']:>10.3f} {row['p90_ms']:>8.3f} "
              f"{row['p99_ms']:>8.3f} {row['max_ms']:>8.3f} {row['p99_ms'] / floor['p99_ms']:>9.1f}x")
    print(f"a PySide6 call keeps the GIL: QPainter.drawRects took {gil_ms:.0f} ms, "
          f"a Python thread got {turns} turns meanwhile")
    print(f"worker processes left after the bench: {len(multiprocessing.active_children())}")
    for path in ("window", "bridge only"):
        row = rows[path]
        ratio = row["p99_ms"] / floor["p99_ms"]
        label = "the window" if path == "window" else "the bridge, no window"
        result(f"2. event latency at {RATE} ev/s, p99 to the model / blocking recv() ({label}, n={row['samples']})",
               f"{ratio:.1f}x ({row['p99_ms']:.2f} vs {floor['p99_ms']:.3f} ms; median {row['median_ms']:.2f} ms)",
               f"<= {GOAL_RATIO:g}x", ratio <= GOAL_RATIO)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
