"""What running on a Dask cluster costs: event latency, start cost, and 200 workers on ``local:2``.

Three goals, each against the same workers run locally in the same
benchmark run (so the machine's load is the same for both):

1. **Event latency**: a worker's own stamp (``WorkerStarted``, each
   ``OutputLine``, ``WorkerEnded``: ``event.t_ns``, taken in the worker) to
   the subscriber having the event. On the cluster the event travels
   worker -> Pipe -> its Dask worker's session -> ``Worker.log_event`` ->
   the scheduler -> the client's ``subscribe_topic`` -> the run's
   dispatcher thread; locally worker -> Pipe -> the session's reader.
   Timestamps on the cluster are corrected by each Dask worker's clock
   offset; on a LocalCluster those offsets are about zero (printed, with
   their errors), so the figures compare fairly.
2. **Start cost**: ``start()`` to each worker's first line, and the start
   cost inside its Dask worker (``start()`` called to first line, as the
   table's Start cost column shows); plus how long a task waited
   (``queued_s``) and the one-time cost of starting the LocalCluster.
3. **200 sleep workers on local:2**: every row "0 (ok)".

    python bench/cluster_run.py [--quick] [--workers 50] [--rounds 3]

Module level imports only ``os`` and ``sys``: a LocalCluster's workers and
the engine's forkserver re-run this file as their main module.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

WORKER_STAMPED = ("start", "output", "end")
#: Latency goal for the cluster's p99: the Dask path adds a scheduler hop and batching.
GOAL_CLUSTER_P99_MS = 50.0
#: A worker's first line on the cluster, from start(): the clocks are measured and the task sent first.
GOAL_FIRST_LINE_MS = 1000.0
MANY_WORKERS = 200


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Collector:
    """A subscriber that stamps each event's arrival."""

    def __init__(self):
        import threading

        self.arrivals = []  # (event, arrival perf_counter_ns)
        self._lock = threading.Lock()

    def __call__(self, batch):
        import time

        now = time.perf_counter_ns()
        with self._lock:
            self.arrivals.extend((event, now) for event in batch)

    def latencies_ms(self):
        return [(arrived - event.t_ns) / 1e6 for event, arrived in self.arrivals if event.kind in WORKER_STAMPED]


def one_run(make_run, specs, timeout_s=120.0):
    """Run ``specs`` with ``make_run(subscriber)``; (collector, record, started_ns, wall_s)."""
    import time

    from engine.model.run_record import RunRecord

    collector = Collector()
    run = make_run(collector)
    started = time.perf_counter_ns()
    run.start(started)
    try:
        left = run.join(timeout=timeout_s)
        assert not left, f"still running after {timeout_s} s: {left[:5]}"
    finally:
        run.stop()
    wall_s = (time.perf_counter_ns() - started) / 1e9
    record = RunRecord.for_names(started, run.names)
    record.apply(event for event, _ in collector.arrivals)
    return collector, record, started, wall_s, run


def first_lines_ms(record):
    return [run.start_s * 1e3 for run in record.workers.values() if run.start_s is not None]


def forget_main_file():
    """Spawn and forkserver children re-run ``__main__`` from its ``__file__``: stop them re-running
    this file, as ``remote_host`` does in each Dask worker.

    Otherwise every child of the local Session compiles and runs this benchmark
    before its first line, and the local start cost reads 14-19 ms instead of
    3-4 ms, while the Dask workers' children re-run nothing.
    """
    main_module = sys.modules.get("__main__")
    main_file = getattr(main_module, "__file__", None)
    if main_file and os.path.abspath(main_file) == os.path.abspath(__file__):
        del main_module.__file__


def main():
    import argparse
    import time

    from bench.result_line import result
    from engine.cluster.cluster_run import ClusterRun
    from engine.cluster.connection import ClusterConnection
    from engine.model.cluster_address import parse_cluster
    from engine.model.spec import WorkerSpec
    from engine.run.session import Session

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer workers and rounds (about 30 s)")
    parser.add_argument("--workers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    workers, rounds, many = (10, 1, 50) if args.quick else (args.workers, args.rounds, MANY_WORKERS)
    forget_main_file()
    specs = [WorkerSpec(f"w{i:03d}", round(1.0 + i / max(workers - 1, 1), 3)) for i in range(workers)]

    opened = time.perf_counter()
    connection = ClusterConnection.open(parse_cluster("local:2"))
    open_s = time.perf_counter() - opened
    try:
        print(f"LocalCluster local:2 started in {open_s:.2f} s: {connection.describe()}", flush=True)
        cluster_ms, local_ms, cluster_first, local_first, inside, queued = [], [], [], [], [], []
        local_inside = []
        for round_number in range(1, rounds + 1):
            collector, record, _, wall, run = one_run(
                lambda sub: ClusterRun(specs, sub, connection), specs)
            cluster_ms += collector.latencies_ms()
            cluster_first += first_lines_ms(record)
            inside += [w.start_cost_ms for w in record.workers.values() if w.start_cost_ms is not None]
            queued += [w.queued_s * 1e3 for w in record.workers.values() if w.queued_s is not None]
            clocks = "; ".join(f"{address}: {clock.describe()}" for address, clock in run.clocks.items())
            print(f"round {round_number}: cluster {workers} workers in {wall:.2f} s; clocks {clocks}", flush=True)
            collector, record, _, wall, _ = one_run(lambda sub: Session(specs, sub), specs)
            local_ms += collector.latencies_ms()
            local_first += first_lines_ms(record)
            local_inside += [w.start_cost_ms for w in record.workers.values() if w.start_cost_ms is not None]
            print(f"round {round_number}: local {workers} workers in {wall:.2f} s", flush=True)

        for name, values in (("cluster", cluster_ms), ("local", local_ms)):
            print(f"event latency {name}: {len(values)} samples, p50 {percentile(values, 0.5):.2f} ms, "
                  f"p99 {percentile(values, 0.99):.2f} ms, max {max(values):.2f} ms", flush=True)
        p50, p99 = percentile(cluster_ms, 0.5), percentile(cluster_ms, 0.99)
        result("event latency on local:2, worker to subscriber (p50 / p99)",
               f"{p50:.1f} / {p99:.1f} ms (local run: {percentile(local_ms, 0.5):.2f} / "
               f"{percentile(local_ms, 0.99):.2f} ms)", f"p99 <= {GOAL_CLUSTER_P99_MS:g} ms",
               p99 <= GOAL_CLUSTER_P99_MS)
        first = percentile(cluster_first, 0.5)
        result(f"start() to first line, {workers} workers on local:2 (median / max)",
               f"{first:.0f} / {max(cluster_first):.0f} ms (local run: {percentile(local_first, 0.5):.0f} / "
               f"{max(local_first):.0f} ms)", f"median <= {GOAL_FIRST_LINE_MS:g} ms", first <= GOAL_FIRST_LINE_MS)
        result("start cost per worker inside its Dask worker (median), queued (median)",
               f"{percentile(inside, 0.5):.1f} ms (local run: {percentile(local_inside, 0.5):.1f} ms), "
               f"queued {percentile(queued, 0.5):.1f} ms; "
               f"LocalCluster start {open_s:.2f} s", "n/a", "n/a")

        many_specs = [WorkerSpec(f"m{i:03d}", 1.0) for i in range(many)]
        _, record, _, wall, _ = one_run(lambda sub: ClusterRun(many_specs, sub, connection), many_specs, 300.0)
        ok = sum(run.describe_exit() == "0 (ok)" for run in record.workers.values())
        hosts = len({run.address for run in record.workers.values()})
        print(f"{many} workers on local:2 ({hosts} Dask workers): {ok} '0 (ok)' in {wall:.2f} s", flush=True)
        result(f"{many} sleep workers (1 s) on local:2, every row 0 (ok)", f"{ok}/{many} in {wall:.1f} s",
               f"{many}/{many}", ok == many)
    finally:
        connection.close()


if __name__ == "__main__":
    main()
