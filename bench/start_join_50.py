"""50 short workers started and joined: engine vs bare multiprocessing.

One round starts 50 sleep workers of 0.01 s and joins them all, two ways,
with the same start method:

* engine: ``engine.Session(specs)``, ``start()``, ``join()`` (the clock runs
  from building the Session until ``join()`` returns; ``stop()`` after it,
  which only closes what is left, is not counted);
* bare: 50 × ``context.Process(target=bare_sleep)`` (a stdlib function in
  this module that sleeps 0.01 s), start all, join all.

Both use ``engine.model.start_methods.make_context(method)``, so under forkserver
they share one server with the same preload, and both children re-import
this module (stdlib only at module level) as ``__mp_main__``: like for like.
Rounds alternate (AB BA AB ...) after one warm-up round of each way (it also
starts the forkserver). Goal: the engine's median within 1.1x of bare's.

    python bench/start_join_50.py [--repeats 4] [--methods forkserver spawn]

fork is skipped: the window does not use it by default, and a fork child
re-imports nothing, which is another comparison.
"""
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

METHODS = ("forkserver", "spawn")
WORKERS = 50
SLEEP_S = 0.01
DEFAULT_REPEATS = 10
QUICK_REPEATS = 4
TARGET_RATIO = 1.1
TIMEOUT_S = 60.0


def bare_sleep(seconds):
    time.sleep(seconds)


def bare_round(method, workers=WORKERS):
    """Seconds from building the first Process to the last join()."""
    from engine.model.start_methods import make_context

    context = make_context(method)
    began = time.perf_counter()
    processes = [context.Process(target=bare_sleep, args=(SLEEP_S,), name=f"b{i:02d}", daemon=True)
                 for i in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(TIMEOUT_S)
    elapsed = time.perf_counter() - began
    bad = [p.exitcode for p in processes if p.exitcode != 0]
    for process in processes:
        if process.exitcode is None:
            process.kill()
            process.join()
        process.close()
    if bad:
        raise RuntimeError(f"bare round under {method}: exit codes {bad}")
    return elapsed


def engine_round(method, workers=WORKERS):
    """Seconds from building the Session to join() returning."""
    from engine import Session, WorkerSpec

    specs = [WorkerSpec(f"w{i:02d}", SLEEP_S) for i in range(workers)]
    began = time.perf_counter()
    session = Session(specs, start_method=method)
    try:
        session.start()
        still_alive = session.join(timeout=TIMEOUT_S)
        elapsed = time.perf_counter() - began
    finally:
        session.stop()
    if still_alive:
        raise RuntimeError(f"engine round under {method}: {len(still_alive)} workers still alive")
    return elapsed


def measure(method, repeats):
    bare_round(method)  # warm-up: starts the forkserver, fills caches
    engine_round(method)
    bare, engine = [], []
    for index in range(repeats):
        if index % 2 == 0:
            bare.append(bare_round(method))
            engine.append(engine_round(method))
        else:
            engine.append(engine_round(method))
            bare.append(bare_round(method))
    return bare, engine


def main(argv=None):
    import argparse
    import statistics

    from bench.result_line import result
    from bench.start_cost import machine_line
    from engine.model.start_methods import available_start_methods

    parser = argparse.ArgumentParser(description="50 workers of 0.01 s started and joined: engine vs bare.")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="measured rounds per way and method")
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_REPEATS} repeats (for run_all)")
    args = parser.parse_args([] if argv is None else argv)
    if args.quick:
        args.repeats = QUICK_REPEATS

    from bench.bytecode import ensure_bytecode

    ensure_bytecode()  # as an installed ProcLab ships it: see bench/bytecode.py
    print(machine_line())
    print(f"{WORKERS} sleep workers of {SLEEP_S:g} s, start all then join all; {args.repeats} rounds per way, "
          "after 1 warm-up round each, engine and bare alternating; same context (engine.model.start_methods)")
    print(f"{'method':<11} {'way':<7} {'median s':>9} {'min s':>7} {'max s':>7}  rounds")
    for method in args.methods:
        if method not in available_start_methods():
            print(f"{method}: not available on this platform, skipped")
            continue
        bare, engine = measure(method, args.repeats)
        for way, values in (("bare", bare), ("engine", engine)):
            print(f"{method:<11} {way:<7} {statistics.median(values):>9.3f} {min(values):>7.3f} "
                  f"{max(values):>7.3f}  {', '.join(f'{v:.3f}' for v in values)}")
        ratio = statistics.median(engine) / statistics.median(bare)
        print(f"{method}: engine/bare median = {ratio:.2f}x")
        result(f"1. start+join {WORKERS} workers of {SLEEP_S:g} s, engine/bare ({method}, n={args.repeats})",
               f"{ratio:.2f}x ({statistics.median(engine):.2f} vs {statistics.median(bare):.2f} s)",
               f"<= {TARGET_RATIO}x", ratio <= TARGET_RATIO)


if __name__ == "__main__":
    main(sys.argv[1:])
