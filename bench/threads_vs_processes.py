"""Compare mode's figures: the same workers as threads and as processes.

For each repeat, ``engine.run.compare.run_compare`` runs, one after the other:

* 2 cpu workers of 1 s of calibrated work each (pure Python, holds the GIL);
* 2 sleep workers of 1 s each (``time.sleep`` releases the GIL);

each first as threads of this process, then as processes. A run's wall time
is from its start to its last worker's exit, so the processes' figure
includes starting them. It prints, per workload, the median and min-max of
both wall times and of processes/threads, then the goal lines:

* cpu: processes/threads at most 0.7 on a machine with 2 or more cores
  (ideal: 1 / min(cores, workers), i.e. 0.5 on 2 cores);
* sleep: about 1.0 (0.8-1.25): threads wait side by side as well as processes.

One warm-up comparison with short workers comes first and is not counted
(it calibrates the cpu work and, under forkserver, starts the server).
The load average before and after is printed too (it counts this benchmark's
own workers as well): the cpu goal assumes two free cores, and anything else
running takes them away from the processes. The cpu work is calibrated once,
at the warm-up; on a busy machine "1 s" of it may take less or more, but
threads and processes always get the same amount.

    python bench/threads_vs_processes.py [--repeat 3] [--interval 1.0] [--workers 2] [--method spawn]

This file is the main module, so spawn and forkserver children re-import it:
its module level imports only ``os`` and ``sys``.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

DEFAULT_REPEAT = 3
DEFAULT_INTERVAL_S = 1.0
DEFAULT_WORKERS = 2
WARMUP_INTERVAL_S = 0.05
KINDS = ("cpu", "sleep")
CPU_GOAL = 0.7  # processes wall / threads wall, with 2 or more cores
SLEEP_BAND = (0.8, 1.25)
TIMEOUT_S = 120.0


def compare_once(kind, workers, interval, method):
    from engine.model.spec import WorkerSpec
    from engine.run.compare import run_compare

    specs = [WorkerSpec(f"{kind}{index + 1}", interval, kind) for index in range(workers)]
    return run_compare(specs, method, timeout=TIMEOUT_S)


def start_cost_ms(result):
    """Median per-worker start() to first line of the processes run."""
    costs = [run.start_cost_ms for run in result.processes_record.workers.values() if run.start_cost_ms is not None]
    return median(costs) if costs else None


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def measure(repeat=DEFAULT_REPEAT, interval=DEFAULT_INTERVAL_S, workers=DEFAULT_WORKERS, method=None):
    """One row per workload kind, with every repeat's figures and their summary."""
    from engine.model.start_methods import default_start_method

    method = method or default_start_method()
    for kind in KINDS:  # warm-up: calibration, forkserver, imports
        compare_once(kind, workers, WARMUP_INTERVAL_S, method)
    samples = {kind: [] for kind in KINDS}
    for _ in range(repeat):
        for kind in KINDS:
            result = compare_once(kind, workers, interval, method)
            samples[kind].append((result.threads_wall_s, result.processes_wall_s, result.ratio, start_cost_ms(result)))
    rows = []
    for kind in KINDS:
        threads, processes, ratios, starts = zip(*samples[kind])
        starts = [value for value in starts if value is not None]
        rows.append({
            "bench": "threads_vs_processes", "kind": kind, "workers": workers, "interval_s": interval,
            "method": method, "cpu_count": os.cpu_count(), "repeat": repeat,
            "threads_wall_s": [round(value, 4) for value in threads],
            "processes_wall_s": [round(value, 4) for value in processes],
            "ratios": [round(value, 4) for value in ratios],
            "ratio_median": round(median(ratios), 4),
            "process_start_ms_median": round(median(starts), 2) if starts else None,
        })
    return rows


def _spread(values):
    return f"{median(values):.3f} ({min(values):.3f}-{max(values):.3f})"


def load_line():
    """The 1-minute load average: other programs' cpu use skews the cpu figures."""
    if not hasattr(os, "getloadavg"):
        return "load average: not available on this platform"
    one, five, _ = os.getloadavg()
    return f"load average (1 min, 5 min): {one:.2f}, {five:.2f} on {os.cpu_count()} CPUs"


def print_rows(rows):
    from bench.result_line import result

    print(f"{'workload':<16} {'n':>2}  {'threads wall s':>22}  {'processes wall s':>22}  "
          f"{'processes/threads':>22}  {'start ms':>8}")
    for row in rows:
        label = f"{row['workers']} {row['kind']} × {row['interval_s']:g} s"
        start = row["process_start_ms_median"]
        print(
            f"{label:<16} {row['repeat']:>2}  {_spread(row['threads_wall_s']):>22}  "
            f"{_spread(row['processes_wall_s']):>22}  {_spread(row['ratios']):>22}  "
            f"{'-' if start is None else f'{start:.1f}':>8}"
        )
    for row in rows:
        ratio = row["ratio_median"]
        if row["kind"] == "cpu":
            cores = row["cpu_count"] or 1
            ideal = 1 / min(cores, row["workers"])
            if cores < 2:
                verdict = f"goal of at most {CPU_GOAL} needs 2+ cores; this machine has {cores}"
            else:
                verdict = f"{'within' if ratio <= CPU_GOAL else 'NOT within'} the {CPU_GOAL} goal"
            print(f"cpu: processes/threads wall median = {ratio:.3f} ({verdict}; ideal {ideal:.2f})")
            result(f"(issue 3) compare mode: cpu processes/threads wall ({row['workers']} x {row['interval_s']:g} s, "
                   f"n={row['repeat']})", f"{ratio:.3f}", f"<= {CPU_GOAL} (ideal {ideal:.2f})",
                   ratio <= CPU_GOAL if cores >= 2 else "n/a")
        else:
            low, high = SLEEP_BAND
            verdict = "within" if low <= ratio <= high else "NOT within"
            print(f"sleep: processes/threads wall median = {ratio:.3f} ({verdict} the {low}-{high} goal, about 1.0)")
            result(f"(issue 3) compare mode: sleep processes/threads wall ({row['workers']} x {row['interval_s']:g} s, "
                   f"n={row['repeat']})", f"{ratio:.3f}", f"{low}-{high}", low <= ratio <= high)


def main(argv=None):
    """Measures, prints, and returns the result rows (for bench/run_all.py).

    ``argv`` is this benchmark's own arguments; ``None`` means the defaults.
    """
    import argparse

    from bench.start_cost import machine_line
    from engine.model.start_methods import available_start_methods, default_start_method

    parser = argparse.ArgumentParser(description="Compare mode: the same workers as threads and as processes.")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT, help="comparisons per workload")
    parser.add_argument("--interval", type=float, default=DEFAULT_INTERVAL_S, help="seconds of work per worker")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="workers per run")
    parser.add_argument("--method", choices=available_start_methods(), default=default_start_method())
    parser.add_argument("--quick", action="store_true", help="1 comparison per workload (for run_all)")
    args = parser.parse_args([] if argv is None else argv)
    if args.quick:
        args.repeat = 1
    if args.repeat < 1 or args.workers < 1:
        parser.error("--repeat and --workers must be at least 1")

    print(machine_line())
    print(
        f"start method {args.method} · cpu_count() = {os.cpu_count()} · {args.repeat} comparisons per workload "
        "after 1 warm-up;\nwall = start to the last worker's exit (processes: including starting them); "
        "figures are median (min-max)"
    )
    print(f"before: {load_line()}", flush=True)
    rows = measure(args.repeat, args.interval, args.workers, args.method)
    print(f"after: {load_line()}")
    print_rows(rows)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
