"""A worker's event reaching the GUI's model, while 50 workers start and run.

Goal: p99 under 5 ms. (The 1,000 events/s figure against a blocking
``recv()`` is ``bench/event_rate_latency.py``.)

The product's real path, in one process: a ``QApplication`` (offscreen), a
shown ``gui.window.main_window.MainWindow`` (its 200 ms table poll and 50 ms
timeline frame timer run as in the app), 50 sleep workers started with
``window.model.set_specs(specs)`` + ``window.start_run()``. Events travel
worker -> Pipe -> the session's reader thread -> ``EngineBridge``, which
applies each batch to the window's model (``window.record``, a
``RunRecord``) on that thread and then queues it to the GUI thread for the
table, log and timeline. A sample is "sent by the worker" (``event.t_ns``,
for events stamped in the worker: start, output, end) to "the model has it"
(timed right after ``RunRecord.apply``); "GUI thread (views told)" is the
same events reaching a slot connected after ``MainWindow._on_events``. The
Qt event loop runs until ``window.record.all_exited()``; then
``window.bridge.close_session()``. A few rounds give ~1000 samples (4 per
worker: start, two output lines, end). Samples are also split by whether
they were sent during the launch burst (from Start until the last worker's
first line, while 50 children boot on the machine's cores) or after it.

Engine only, in the same run: the same 50 workers through a bare
``engine.Session`` (no Qt); the latency is taken in its subscriber, which the
reader thread calls.

Floor, in the same run and with the same number of samples: one child
process sends ``perf_counter_ns()`` over ``Pipe(duplex=False)`` every 2 ms
and the parent's blocking ``recv()`` takes the difference (the pipe and the
wake-up, no threads, no Qt). Rounds alternate: GUI, engine only, floor.

    python bench/event_latency.py [--rounds 5] [--workers 50] [--method forkserver]

This file is the main module, so spawn and forkserver children re-run it: its
module level imports only ``os`` and ``sys``; Qt is imported inside
functions.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

DEFAULT_WORKERS = 50
DEFAULT_ROUNDS = 5
#: Worker intervals are spread evenly over this range, so all are alive together.
MIN_INTERVAL_S = 1.0
MAX_INTERVAL_S = 2.0
#: Kinds whose t_ns the worker takes; "launch" and "exit" are stamped by the engine.
WORKER_STAMPED = ("start", "output", "end")
GOAL_P99_MS = 5.0
FLOOR_GAP_S = 0.002
ROUND_TIMEOUT_S = 120.0


def floor_child(conn, count, gap_s):
    """Floor worker: send perf_counter_ns() ``count`` times, ``gap_s`` apart."""
    import time

    for _ in range(count):
        time.sleep(gap_s)
        conn.send(time.perf_counter_ns())
    conn.close()


def floor_samples(method, count, gap_s=FLOOR_GAP_S):
    """Blocking ``recv()`` latency of ``count`` one-way messages from one child."""
    import time

    # The engine's context, so a forkserver started here has the engine's
    # preload too (the server's preload is fixed when it first starts).
    from engine.model.start_methods import make_context

    context = make_context(method)
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=floor_child, args=(writer, count, gap_s), daemon=True)
    process.start()
    writer.close()
    samples = []
    try:
        for _ in range(count):
            sent_ns = reader.recv()
            samples.append(time.perf_counter_ns() - sent_ns)
    finally:
        reader.close()
        process.join(10.0)
        if process.exitcode is None:
            process.kill()
            process.join()
        process.close()
    return samples


def bare_burst_samples(method, workers):
    """The launch burst's floor: ``bench/bare_burst.py`` (stdlib only, in its
    own interpreter) starts as many bare children as the round did and reads
    their stamps in one thread. Returns (kind, latency_ns, during_burst)."""
    import json
    import subprocess

    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bare_burst.py")
    result = subprocess.run([sys.executable, script, "--method", method, "--workers", str(workers)],
                            capture_output=True, text=True, check=True, timeout=120)
    return [tuple(sample) for sample in json.loads(result.stdout)["samples"]]


def make_specs(workers, low=MIN_INTERVAL_S, high=MAX_INTERVAL_S):
    from engine import WorkerSpec

    step = (high - low) / max(workers - 1, 1)
    return [WorkerSpec(f"w{index:02d}", round(low + index * step, 3)) for index in range(workers)]


def gui_round(window, timeout_s=ROUND_TIMEOUT_S):
    """One run of the window's workers.

    Returns (samples, facts); a sample is (kind, latency_ns, sent_during_start_run).
    """
    import time

    from PySide6.QtCore import QEventLoop, QTimer

    model = []
    loop = QEventLoop()
    batches = [0]
    # Until start_run() returns we do not know when it returned: mark later.
    returned = [None]

    views = []
    from engine.model.run_record import RunRecord

    original_apply = RunRecord.apply

    def timed_apply(record, events):
        # The bridge applies each batch to the window's RunRecord on the
        # reader thread; a sample ends when the model holds the event.
        events = list(events)
        original_apply(record, events)
        now_ns = time.perf_counter_ns()
        for event in events:
            if event.kind in WORKER_STAMPED:
                model.append((event.kind, now_ns - event.t_ns, event.t_ns))

    def on_events(events):
        # Runs in the GUI thread, after MainWindow._on_events (connected
        # first): the table, log and timeline have been told.
        now_ns = time.perf_counter_ns()
        batches[0] += 1
        for event in events:
            if event.kind in WORKER_STAMPED:
                views.append((event.kind, now_ns - event.t_ns, event.t_ns))
        if window.record is not None and window.record.all_exited():
            loop.quit()

    RunRecord.apply = timed_apply

    timer = QTimer(singleShot=True, interval=int(timeout_s * 1000))
    timer.timeout.connect(loop.quit)
    window.bridge.eventsArrived.connect(on_events)
    try:
        called_ns = time.perf_counter_ns()
        window.start_run()
        returned[0] = time.perf_counter_ns()
        if window.record is None:
            raise RuntimeError("start_run() did not start a session")
        if not window.record.all_exited():
            timer.start()
            loop.exec()
            timer.stop()
        if not window.record.all_exited():
            raise RuntimeError(f"workers still running after {timeout_s:g} s")
        ended_ns = time.perf_counter_ns()
        bad_exits = {name: run.exitcode for name, run in window.record.workers.items() if run.exitcode != 0}
    finally:
        window.bridge.eventsArrived.disconnect(on_events)
        window.bridge.close_session()
        RunRecord.apply = original_apply

    mark = _mark_launch_burst

    return mark(model), {
        "views": mark(views),
        "start_ms": (returned[0] - called_ns) / 1e6,
        "round_s": (ended_ns - called_ns) / 1e9,
        "batches": batches[0],
        "bad_exits": bad_exits,
    }


def _mark_launch_burst(samples):
    """(kind, latency, sent during the launch burst): from Start until the
    last worker's first line, while 50 children boot on the machine's cores."""
    last_start_ns = max((sent_ns for kind, _, sent_ns in samples if kind == "start"), default=0)
    return [(kind, latency, sent_ns <= last_start_ns) for kind, latency, sent_ns in samples]


def engine_round(specs, method, timeout_s=ROUND_TIMEOUT_S):
    """The same workers through a bare ``engine.Session``: no Qt, no window.

    The latency is taken in the subscriber, i.e. in the reader thread.
    """
    import time

    from engine import Session

    samples = []

    def subscriber(events):
        now_ns = time.perf_counter_ns()
        for event in events:
            if event.kind in WORKER_STAMPED:
                samples.append((event.kind, now_ns - event.t_ns, event.t_ns))

    with Session(specs, subscriber, start_method=method) as session:
        session.start()
        returned_ns = time.perf_counter_ns()
        still_alive = session.join(timeout=timeout_s)
        if still_alive:
            raise RuntimeError(f"engine-only round: {len(still_alive)} workers still running after {timeout_s:g} s")
    # stop() has joined the reader thread, so every batch has been delivered.
    del returned_ns
    return _mark_launch_burst(samples)


def measure(workers=DEFAULT_WORKERS, rounds=DEFAULT_ROUNDS, method=None):
    import multiprocessing

    from bench.bench_window import bench_window

    specs = make_specs(workers)
    result = {"gui": [], "views": [], "engine": [], "bare_burst": [], "floor": [], "facts": []}
    with bench_window(method) as (app, window):
        method = window.bridge.start_method
        window.model.set_specs(specs)
        for _ in range(rounds):
            model, facts = gui_round(window)
            if facts["bad_exits"]:
                raise RuntimeError(f"workers did not exit 0: {facts['bad_exits']}")
            if len(model) != 4 * workers:
                print(f"note: a GUI round gave {len(model)} worker-stamped events, expected {4 * workers}")
            result["gui"] += model
            result["views"] += facts.pop("views")
            result["facts"].append(facts)
            result["engine"] += engine_round(specs, method)
            result["floor"] += floor_samples(method, len(model))
            result["bare_burst"] += bare_burst_samples(method, workers)
    result.update(
        method=method,
        workers=workers,
        rounds=rounds,
        children_left=len(multiprocessing.active_children()),
    )
    return result


def summarize(samples_ns):
    from bench.start_cost import percentile

    to_ms = 1e-6
    return {
        "samples": len(samples_ns),
        "median_ms": percentile(samples_ns, 0.5) * to_ms,
        "p90_ms": percentile(samples_ns, 0.9) * to_ms,
        "p99_ms": percentile(samples_ns, 0.99) * to_ms,
        "max_ms": max(samples_ns) * to_ms,
    }


def _latencies(samples, kind=None, during=None):
    return [
        latency for k, latency, in_start in samples
        if (kind is None or k == kind) and (during is None or in_start == during)
    ]


def result_rows(result):
    """(label, summary) rows: the figure, its breakdowns, and the floors."""
    rows = [("GUI model (MainWindow)", _latencies(result["gui"]))]
    for kind in WORKER_STAMPED:
        rows.append((f"  kind {kind}", _latencies(result["gui"], kind=kind)))
    rows.append(("  during launch burst", _latencies(result["gui"], during=True)))
    rows.append(("  after the last start", _latencies(result["gui"], during=False)))
    rows.append(("GUI thread (views told)", _latencies(result["views"])))
    rows.append(("engine only, no Qt", _latencies(result["engine"])))
    rows.append(("  during launch burst", _latencies(result["engine"], during=True)))
    rows.append(("  after the last start", _latencies(result["engine"], during=False)))
    rows.append(("bare burst, no engine", _latencies(result["bare_burst"])))
    rows.append(("  during launch burst", _latencies(result["bare_burst"], during=True)))
    rows.append(("  after the last start", _latencies(result["bare_burst"], during=False)))
    rows.append(("floor: blocking recv()", result["floor"]))
    return [(label, summarize(values)) for label, values in rows if values]


def print_result(result):
    rows = result_rows(result)
    print(f"{'path':<27} {'n':>5} {'median ms':>10} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for label, row in rows:
        print(
            f"{label:<27} {row['samples']:>5} {row['median_ms']:>10.3f} {row['p90_ms']:>8.3f} "
            f"{row['p99_ms']:>8.3f} {row['max_ms']:>8.3f}"
        )
    by_label = dict(rows)
    gui_row, floor_row = by_label["GUI model (MainWindow)"], by_label["floor: blocking recv()"]
    start_ms = sorted(f["start_ms"] for f in result["facts"])
    batches = sum(f["batches"] for f in result["facts"])
    print(
        f"start_run() returns in {start_ms[0]:.0f}-{start_ms[-1]:.0f} ms (the engine launches the "
        f"{result['workers']} workers on its own thread); {batches} batches reached the window in "
        f"{result['rounds']} rounds"
    )
    print(
        f"GUI/floor: median {gui_row['median_ms'] / floor_row['median_ms']:.0f}x, "
        f"p99 {gui_row['p99_ms'] / floor_row['p99_ms']:.0f}x"
    )
    verdict = "within" if gui_row["p99_ms"] < GOAL_P99_MS else "NOT within"
    print(f"event latency p99 = {gui_row['p99_ms']:.2f} ms ({verdict} the {GOAL_P99_MS:g} ms goal)")
    print(f"worker processes left after the bench: {result['children_left']}")
    from bench.result_line import result as result_line

    n = gui_row["samples"]
    burst = by_label.get("bare burst, no engine")
    floor_note = f"; bare multiprocessing {burst['p99_ms']:.2f} ms" if burst else ""
    result_line(f"(issue 2) event latency p99 to the GUI model while {result['workers']} workers start and run (n={n})",
                f"{gui_row['p99_ms']:.2f} ms (median {gui_row['median_ms']:.2f} ms{floor_note})",
                f"< {GOAL_P99_MS:g} ms", gui_row["p99_ms"] < GOAL_P99_MS)


def main(argv=None):
    """Measures and prints; returns the result dict. ``argv=None`` means the defaults."""
    import argparse

    from bench.start_cost import machine_line

    parser = argparse.ArgumentParser(description="Worker event to the GUI's model, with N workers running.")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--method", default=None, help="start method (default: the engine's default)")
    parser.add_argument("--quick", action="store_true", help="2 rounds (for run_all)")
    args = parser.parse_args([] if argv is None else argv)
    if args.quick:
        args.rounds = 2

    print(machine_line())
    result = measure(args.workers, args.rounds, args.method)
    print(
        f"worker-stamped event (start, output, end) to MainWindow's RunRecord, {result['workers']} sleep workers "
        f"({MIN_INTERVAL_S:g}-{MAX_INTERVAL_S:g} s) per round, {result['rounds']} rounds, "
        f"start method {result['method']}, window shown offscreen (200 ms poll, 50 ms frames);\n"
        "engine only = the same workers through engine.Session, latency taken in its subscriber (reader thread);\n"
        f"floor = one child sending perf_counter_ns() over Pipe(duplex=False) every {FLOOR_GAP_S * 1e3:g} ms "
        "to a blocking recv();\nthe three alternate round by round, with the same number of samples"
    )
    print_result(result)
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
