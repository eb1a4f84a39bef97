"""The window watching a script of 500 processes: is it still responsive?

A script starts 497 ``multiprocessing.Process`` children (each sleeps 2 s)
under forkserver; with its main process, the forkserver and the resource
tracker that is 500 watched processes, the default limit. The window
(``MainWindow``, offscreen, a temp settings file) runs it through
``EngineBridge.start_watch`` as Run script does, while a 5 ms timer on the
GUI thread records the gaps between its ticks (see ``window_scale.py``).
Goal: the longest gap <= 100 ms, and afterwards 500 rows, every one
exited with 0.

    python bench/window_watch_500.py [--children 497]

Stdlib only at module level.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

CHILDREN = 497
GOAL_MS = 100.0
TIMEOUT_S = 180.0

SCRIPT = r'''
import multiprocessing, sys, time

def work():
    time.sleep(2)

if __name__ == "__main__":
    multiprocessing.set_start_method("forkserver")
    children = [multiprocessing.Process(target=work) for _ in range(int(sys.argv[1]))]
    for child in children:
        child.start()
    for child in children:
        child.join()
'''


def main(argv=None):
    import argparse
    import tempfile
    import time
    from pathlib import Path

    from bench.bench_window import bench_window
    from bench.result_line import result
    from bench.window_scale import percentile, run_until
    from engine.run.descriptor_limit import fit_descriptor_limit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=CHILDREN)
    parser.add_argument("--quick", action="store_true", help="the same (for run_all)")
    args = parser.parse_args([] if argv is None else argv)
    fit_descriptor_limit(1000)  # as main() does: a connection per watched process
    expected = args.children + 3
    with tempfile.TemporaryDirectory() as folder, bench_window("forkserver") as (app, window):
        script = Path(folder) / "five_hundred.py"
        script.write_text(SCRIPT, encoding="utf-8")
        began = [0.0]

        def start():
            began[0] = time.perf_counter()
            window.bridge.start_watch(script, [str(args.children)])

        def ended():
            session = window.bridge.session
            return session is not None and session.all_ended() and window.presenter.run_has_ended()

        gaps = run_until(app, ended, TIMEOUT_S, start)
        seconds = time.perf_counter() - began[0]
        record = window.record
        with record.lock:
            rows = len(record.workers)
            ok = sum(run.exitcode == 0 for run in record.workers.values())
        failure = window.bridge.session.failure
    worst, p99 = max(gaps), percentile(gaps, 0.99)
    print(f"{expected} processes watched in {seconds:.1f} s: {rows} rows, {ok} exited 0, failure: {failure}; "
          f"{len(gaps)} ticks, gap median {percentile(gaps, 0.5):.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms")
    result(f"watch: {expected} processes in the window, longest event-loop gap", f"{worst:.0f} ms (p99 {p99:.0f} ms)",
           f"<= {GOAL_MS:g} ms", worst <= GOAL_MS)
    result(f"watch: {expected} processes, every row exited 0", f"{ok} of {rows}", f"{expected} of {expected}",
           ok == rows == expected and failure is None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
