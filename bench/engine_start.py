"""The engine's start cost, served the way bench/bare_start.py serves bare ones.

One single-worker ``engine.Session`` per sample: ``WorkerStarted.t_ns -
WorkerLaunched.t_ns`` (``perf_counter_ns()`` just before ``start()`` in the
parent, and as the target's first step in the child).

A small, stdlib-only main module on purpose. Under spawn and forkserver
each child re-runs its parent's main module, compiling it from source: if
the engine's samples were taken in bench/start_cost.py (250 lines, 1.3 ms
to compile) and the bare ones in bare_start.py (0.3 ms), the engine would
pay a millisecond a worker the product does not (ProcLab's main.py: 0.1 ms).

    python bench/engine_start.py --method forkserver --serve
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

WORKER_INTERVAL_S = 0.001
TIMEOUT_S = 30.0


def engine_start_ns(method):
    import threading

    from engine import Session, WorkerLaunched, WorkerSpec, WorkerStarted

    seen = {}
    both = threading.Event()

    def subscriber(events):
        for event in events:
            if isinstance(event, WorkerLaunched):
                seen["launch"] = event.t_ns
            elif isinstance(event, WorkerStarted):
                seen["start"] = event.t_ns
        if "launch" in seen and "start" in seen:
            both.set()

    with Session([WorkerSpec("bench", WORKER_INTERVAL_S)], subscriber, start_method=method) as session:
        session.start()
        if not both.wait(TIMEOUT_S):
            raise RuntimeError(f"engine worker under {method} sent no start event in {TIMEOUT_S:g} s")
        if session.join(timeout=TIMEOUT_S):
            raise RuntimeError(f"engine worker under {method} did not end")
    return seen["start"] - seen["launch"]


def main(argv=None):
    import argparse
    import json

    from engine.model.start_methods import FORKSERVER_PRELOAD

    parser = argparse.ArgumentParser(description="Engine start() to first line, one sample per request.")
    parser.add_argument("--method", required=True)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--serve", action="store_true", help="one sample per stdin line, one JSON line each")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args(argv)

    for _ in range(args.warmup):
        engine_start_ns(args.method)
    header = {"method": args.method, "warmup": args.warmup,
              "preload": FORKSERVER_PRELOAD if args.method == "forkserver" else []}
    if args.serve:
        print(json.dumps(header), flush=True)
        for _ in sys.stdin:
            print(json.dumps({"sample_ns": engine_start_ns(args.method)}), flush=True)
        return
    print(json.dumps({**header, "samples_ns": [engine_start_ns(args.method) for _ in range(args.samples)]}))


if __name__ == "__main__":
    main()
