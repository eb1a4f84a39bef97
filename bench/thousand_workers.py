"""1,000 sleep workers from the command line, started and joined under forkserver.

What a user runs (``main.py run EXPERIMENT``), in a fresh process: an
experiment of 1,000 ``sleep`` workers (1 s each) under forkserver. Goal:
the run ends by itself and every row of the summary reads "0 (ok)". Also
printed: the wall time from the command to its exit, the time from the
first launch to the last exit (from the events file), and the peak
resident memory of the command (the largest process it waited for, from
``getrusage``). The command raises its own descriptor limit; the bench
starts it with a soft limit of 1,024, as many systems do, to show that.

    python bench/thousand_workers.py [--workers 1000] [--method forkserver]

Stdlib only at module level.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

WORKERS = 1000
INTERVAL_S = 1.0
TIMEOUT_S = 600


def main(argv=None):
    import argparse
    import json
    import resource
    import subprocess
    import tempfile
    import time

    from bench.result_line import result
    from bench.start_cost import machine_line

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--method", default="forkserver")
    parser.add_argument("--quick", action="store_true", help="the same (for run_all)")
    args = parser.parse_args([] if argv is None else argv)
    print(machine_line())

    def low_soft_limit():
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))

    with tempfile.TemporaryDirectory(prefix="proclab-bench-") as folder:
        experiment = os.path.join(folder, "many.json")
        events = os.path.join(folder, "many.jsonl")
        with open(experiment, "w", encoding="utf-8") as stream:
            json.dump({"schema_version": 2, "start_method": args.method, "workers": [
                {"name": f"w{i:04d}", "interval": INTERVAL_S} for i in range(args.workers)]}, stream)
        began = time.perf_counter()
        done = subprocess.run([sys.executable, os.path.join(ROOT, "main.py"), "run", experiment, "--events", events,
                               "--timeout", str(TIMEOUT_S)], cwd=ROOT, capture_output=True, text=True,
                              preexec_fn=low_soft_limit, timeout=TIMEOUT_S + 60)
        wall_s = time.perf_counter() - began
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        records = [json.loads(line) for line in open(events, encoding="utf-8")] if os.path.exists(events) else []
    rows = [line for line in done.stdout.splitlines() if line.startswith("w") and "sleep" in line]
    ok_rows = sum(line.rstrip().endswith("0 (ok)") for line in rows)
    launches = [r["t"] for r in records if r["kind"] == "launch"]
    exits = [r["t"] for r in records if r["kind"] == "exit"]
    span = f"{max(exits) - min(launches):.1f} s" if launches and exits else "n/a"
    print(f"{args.workers} sleep workers ({INTERVAL_S:g} s), {args.method}: exit status {done.returncode}, "
          f"wall {wall_s:.1f} s, first launch to last exit {span}, peak RSS {peak_mb:.0f} MB, "
          f"{ok_rows} of {len(rows)} rows '0 (ok)'")
    if done.returncode != 0:
        print(done.stderr[-2000:])
    met = done.returncode == 0 and ok_rows == args.workers
    result(f"10. {args.workers} workers started and joined ({args.method}, command line)",
           f"{ok_rows}/{args.workers} '0 (ok)' in {wall_s:.1f} s, peak {peak_mb:.0f} MB",
           f"all {args.workers} '0 (ok)'", met)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
