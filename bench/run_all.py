"""Runs every benchmark in turn, each in a fresh interpreter, and prints all figures.

    python bench/run_all.py                       # every benchmark in BENCHES
    python bench/run_all.py --only timeline_redraw
    make bench                                    # the same, with QT_QPA_PLATFORM=offscreen

Each benchmark runs as ``python bench/NAME.py`` in its own process: the
spawn and forkserver benchmarks need a clean, stdlib-only ``__main__`` (their
children re-run it), and a Qt benchmark should not share an interpreter, a
``QApplication`` or a forkserver with another. Their output is passed
through as it comes (without the offscreen platform's "propagateSizeHints"
notice); at the end each benchmark's goal line is repeated with its wall time
and exit status. Exits non-zero if any benchmark failed.
"""
import os
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
BENCHES = ("start_cost", "event_latency", "timeline_redraw", "threads_vs_processes")
NOISE = ("does not support propagateSizeHints",)


def run_one(name):
    """Runs bench/NAME.py; returns (exit status, seconds, lines mentioning the goal)."""
    import subprocess
    import time

    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [sys.executable, os.path.join(BENCH_DIR, f"{name}.py")]
    started = time.perf_counter()
    goal_lines = []
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as process:
        for line in process.stdout:
            if any(noise in line for noise in NOISE):
                continue
            print(line, end="", flush=True)
            if "goal" in line:
                goal_lines.append(line.strip())
    return process.returncode, time.perf_counter() - started, goal_lines


def main(argv=None):
    import argparse

    sys.path.insert(0, ROOT)
    from bench.start_cost import machine_line

    parser = argparse.ArgumentParser(description="Run ProcLab's benchmarks, each in a fresh interpreter.")
    parser.add_argument("--only", nargs="+", choices=BENCHES, default=list(BENCHES))
    args = parser.parse_args([] if argv is None else argv)

    print(machine_line())
    print(f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen (set for the benchmarks)')}", flush=True)
    results = []
    for name in args.only:
        print(f"\n=== bench/{name}.py ===", flush=True)
        results.append((name, *run_one(name)))

    print("\n=== summary ===")
    for name, status, seconds, goal_lines in results:
        outcome = "ok" if status == 0 else f"FAILED (exit status {status})"
        print(f"{name}: {outcome}, {seconds:.0f} s")
        for line in goal_lines:
            print(f"  {line}")
    return 0 if all(status == 0 for _, status, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
