"""What watching a script costs: wall time, per-call hook cost, collector throughput.

1. Wall time of the seed example (``resources/lessons/en/03_three_workers.py``:
   three workers sleeping 2, 3 and 4 s) watched through ``WatchedRun``, from
   ``start()`` to the run's end, against the same script run plainly
   (``python SCRIPT``, from the command to its exit). Median of 3 each. Goal <= 1.03x.
2. The hook's cost per recorded call: a script times 4,000 single calls of
   ``print`` (to a pipe), ``Lock.acquire``, ``Lock.release`` and
   ``Connection.send``, pausing 1 ms after every 20, and prints each call's
   median; run plainly and watched (output "tee", as ``watch`` without
   ``--tag``, its own output sent to /dev/null). Goal: median <= 10 us added.
   Without the pauses a flood of calls runs at the collector's pace instead
   (item 3).
3. Records per second the collector absorbs: 4 processes each print 50,000
   lines as fast as they can, watched with output captured; every line must
   arrive (none lost) and the rate is lines / (last arrival - first arrival).
   Goal >= 100,000/s.

    python bench/watch_costs.py [--quick]

Stdlib only at module level.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

SEED = os.path.join(ROOT, "resources", "lessons", "en", "03_three_workers.py")

HOOK_SCRIPT = r'''
import json, multiprocessing, statistics, sys, time
SAMPLES, BURST = 4000, 20
now = time.perf_counter_ns

def per_call(action, before=None, after=None):
    # Each call timed on its own; a short pause after every burst lets the
    # collector keep up, as it does with a script that does anything else.
    times = []
    for n in range(SAMPLES):
        if before:
            before()
        t = now()
        action()
        times.append(now() - t)
        if after:
            after()
        if n % BURST == BURST - 1:
            time.sleep(0.001)
    return statistics.median(times) / 1000

if __name__ == "__main__":
    lock = multiprocessing.Lock()
    reader, writer = multiprocessing.Pipe(duplex=False)
    results = {
        "print": per_call(lambda: print("x")),
        "Lock.acquire": per_call(lock.acquire, after=lock.release),
        "Lock.release": per_call(lock.release, before=lock.acquire),
        "Connection.send": per_call(lambda: writer.send(1), after=reader.recv),
    }
    print("HOOKS " + json.dumps(results), file=sys.stderr, flush=True)
'''

FLOOD_SCRIPT = r'''
import multiprocessing, sys
LINES = int(sys.argv[1])

def flood(n):
    for i in range(LINES):
        print(f"{n} {i}")

if __name__ == "__main__":
    workers = [multiprocessing.Process(target=flood, args=(n,)) for n in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
'''


def _plain_seconds(script, args=()):
    import subprocess
    import time

    started = time.perf_counter()
    subprocess.run([sys.executable, script, *args], cwd=os.path.dirname(script), check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _watched(script, args=(), output="capture", on_events=None):
    import time
    from pathlib import Path

    from engine.watch.watched_run import WatchedRun

    events = []

    def deliver(batch):
        if on_events:
            on_events(batch)
        events.extend(batch)

    started = time.perf_counter()
    run = WatchedRun(Path(script), list(args), deliver, output=output)
    run.start()
    left = run.join(timeout=600)
    seconds = time.perf_counter() - started
    run.stop()
    assert not left and run.failure is None, (left, run.failure)
    return seconds, events


def wall_time(repeats):
    import statistics

    from bench.result_line import result

    plain = statistics.median(_plain_seconds(SEED) for _ in range(repeats))
    watched = statistics.median(_watched(SEED)[0] for _ in range(repeats))
    ratio = watched / plain
    print(f"seed example: plain {plain:.3f} s, watched {watched:.3f} s (median of {repeats})")
    result("watch: seed example wall time, watched / plain", f"{ratio:.3f}x ({watched:.2f} vs {plain:.2f} s)",
           "<= 1.03x", ratio <= 1.03)


def hook_costs(folder):
    import json
    import subprocess

    from bench.result_line import result
    from engine import OutputLine

    script = os.path.join(folder, "hooks.py")
    with open(script, "w", encoding="utf-8") as handle:
        handle.write(HOOK_SCRIPT)
    plain = subprocess.run([sys.executable, script], capture_output=True, text=True, check=True).stderr
    plain_costs = json.loads(plain.split("HOOKS ", 1)[1])
    saved = os.dup(1)
    try:  # the watched script's "x" lines go where the plain run's went: nowhere
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
        _, events = _watched(script, output="tee")
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    line = next(e.text for e in events if isinstance(e, OutputLine) and e.text.startswith("HOOKS "))
    watched_costs = json.loads(line.split("HOOKS ", 1)[1])
    for call, plain_us in plain_costs.items():
        added = watched_costs[call] - plain_us
        print(f"{call}: plain {plain_us:.2f} us, watched {watched_costs[call]:.2f} us per call")
        result(f"watch: hook cost of {call}, median added", f"{added:.1f} us ({plain_us:.2f} -> "
               f"{watched_costs[call]:.2f})", "<= 10 us", added <= 10)


def collector_rate(folder, lines):
    import time

    from bench.result_line import result
    from engine import OutputLine

    script = os.path.join(folder, "flood.py")
    with open(script, "w", encoding="utf-8") as handle:
        handle.write(FLOOD_SCRIPT)
    arrivals = []

    def on_events(batch):
        count = sum(isinstance(e, OutputLine) for e in batch)
        if count:
            arrivals.append((time.perf_counter(), count))

    _, events = _watched(script, [str(lines)], output="capture", on_events=on_events)
    got = sum(isinstance(e, OutputLine) for e in events)
    expected = 4 * lines
    span = arrivals[-1][0] - arrivals[0][0]
    rate = (got - arrivals[0][1]) / span if span > 0 else float("inf")
    print(f"collector: {got:,} of {expected:,} lines in {span:.2f} s")
    result("watch: records/s the collector absorbs, none lost", f"{rate:,.0f}/s ({got:,} of {expected:,})",
           ">= 100,000/s", rate >= 100_000 and got == expected)


def main(argv=None):
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, fewer lines")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        wall_time(1 if args.quick else 3)
        hook_costs(folder)
        collector_rate(folder, 10_000 if args.quick else 50_000)
    return 0


if __name__ == "__main__":
    sys.exit(main())
