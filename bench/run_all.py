"""Runs every benchmark in turn, each in a fresh interpreter, and writes one table.

    python bench/run_all.py                       # every benchmark in BENCHES (~4 min on 2 cores)
    python bench/run_all.py --quick               # each benchmark's --quick mode
    python bench/run_all.py --only timeline_redraw
    make bench                                    # the same, with QT_QPA_PLATFORM=offscreen

Each benchmark runs as ``python bench/NAME.py`` in its own process: the
spawn and forkserver benchmarks need a clean, stdlib-only ``__main__`` (their
children re-run it), and a Qt benchmark should not share an interpreter, a
``QApplication`` or a forkserver with another. Their output is passed
through as it comes (without the offscreen platform's "propagateSizeHints"
notice).

Each benchmark prints one ``RESULT|goal|measured|target|met`` line per goal
(``bench/result_line.py``). They are collected into a markdown table,
headed by a line describing the machine, written to
``bench/results/bench.md`` (git-ignored) and printed at the end, ready to
paste into the README. Exits non-zero if any benchmark failed.
"""
import os
import sys

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
BENCHES = ("start_cost", "event_latency", "event_rate_latency", "event_throughput", "timeline_redraw",
           "memory_per_event",
           "threads_vs_processes", "start_join_50", "window_scale", "thousand_workers", "replay_large",
           "watch_costs", "watch_timeline", "cluster_run")
NOISE = ("does not support propagateSizeHints",)
RESULTS_FILE = os.path.join(BENCH_DIR, "results", "bench.md")


def run_one(name, quick=False):
    """Runs bench/NAME.py; returns (exit status, seconds, RESULT tuples)."""
    import subprocess
    import time

    from bench.result_line import parse

    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [sys.executable, os.path.join(BENCH_DIR, f"{name}.py")] + (["--quick"] if quick else [])
    started = time.perf_counter()
    results = []
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as process:
        for line in process.stdout:
            if any(noise in line for noise in NOISE):
                continue
            print(line, end="", flush=True)
            parsed = parse(line)
            if parsed is not None:
                results.append(parsed)
    return process.returncode, time.perf_counter() - started, results


def _first(path, key):
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip() if ":" in line else line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def machine_description():
    """CPUs, CPU model, RAM, OS, Python, PySide6 and pyqtgraph versions, on one line."""
    import platform

    model = _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    ram = _first("/proc/meminfo", "MemTotal")
    ram = f"{int(ram.split()[0]) / 2**20:.1f} GiB RAM" if ram else "RAM unknown"
    os_name = _first("/etc/os-release", "PRETTY_NAME=") or platform.system()
    versions = []
    for module in ("PySide6", "pyqtgraph"):
        try:
            versions.append(f"{module} {__import__(module).__version__}")
        except ImportError:
            versions.append(f"{module} not installed")
    return (f"{os.cpu_count()} CPUs ({model}), {ram}, {os_name} (kernel {platform.release()}), "
            f"Python {platform.python_version()}, {', '.join(versions)}")


def markdown(machine, results, total_s, quick):
    lines = [
        f"Machine: {machine}. `make bench`{' (--quick)' if quick else ''}, total {total_s:.0f} s.",
        "",
        "| goal | measured | target | met |",
        "|---|---|---|---|",
    ]
    for goal, measured, target, met in results:
        lines.append(f"| {goal} | {measured} | {target} | {met} |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    import argparse
    import time

    sys.path.insert(0, ROOT)
    parser = argparse.ArgumentParser(description="Run ProcLab's benchmarks, each in a fresh interpreter.")
    parser.add_argument("--only", nargs="+", choices=BENCHES, default=list(BENCHES))
    parser.add_argument("--quick", action="store_true", help="pass --quick to every benchmark")
    args = parser.parse_args([] if argv is None else argv)

    machine = machine_description()
    print(f"machine: {machine}")
    print(f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen (set for the benchmarks)')}", flush=True)
    started = time.perf_counter()
    runs = []
    for name in args.only:
        print(f"\n=== bench/{name}.py ===", flush=True)
        runs.append((name, *run_one(name, args.quick)))
    total_s = time.perf_counter() - started

    print("\n=== summary ===")
    for name, status, seconds, results in runs:
        outcome = "ok" if status == 0 else f"FAILED (exit status {status})"
        print(f"{name}: {outcome}, {seconds:.0f} s, {len(results)} result line(s)")
        if status == 0 and not results:
            print(f"  note: {name} printed no RESULT line")
    table = markdown(machine, [result for run in runs for result in run[3]], total_s, args.quick)
    os.makedirs(os.path.dirname(RESULTS_FILE), exist_ok=True)
    with open(RESULTS_FILE, "w", encoding="utf-8") as handle:
        handle.write(table)
    print(f"\n=== {os.path.relpath(RESULTS_FILE, ROOT)} ===")
    print(table, end="")
    return 0 if all(status == 0 for _, status, _, _ in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
