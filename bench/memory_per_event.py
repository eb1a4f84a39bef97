"""Resident memory growth per recorded event, after 1,000,000 events.

Goal: at most 1 KB per event.

A fresh process builds a ``RunRecord`` for 4 workers and applies 1,000,000
synthetic events, in batches of 100 as the reader delivers them: per worker
a launch and a start, then an even mix of ``OutputLine`` (a fresh text
string each, as unpickling makes) and ``MessageSent``. RSS (psutil) is read
after ``gc.collect()`` before the events are made and after the last batch;
growth / events is the figure. The events are made batch by batch and only
the record keeps them, as in the app.

Two paths, each in its own interpreter (so one's freed memory does not
hide the other's growth):

* model: ``RunRecord.apply`` directly (what the bridge does on the reader
  thread);
* bridge: ``gui.engine_bridge.EngineBridge._deliver`` in an offscreen
  ``QApplication`` (apply + the ``eventsArrived`` signal, no views attached),
  with the Qt event loop run between batches.

    python bench/memory_per_event.py [--events 1000000] [--path model|bridge|both]
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

GOAL_BYTES = 1024
WORKERS = 4
BATCH = 100
DEFAULT_EVENTS = 1_000_000


def batches(total, workers=WORKERS, batch=BATCH):
    """Yields lists of events; launch+start per worker first, then output/message."""
    from engine.model.events import MessageSent, OutputLine, WorkerLaunched, WorkerStarted

    names = [f"w{index}" for index in range(workers)]
    first = []
    for index, name in enumerate(names):
        first += [WorkerLaunched(name, 1000 + index, 1_000), WorkerStarted(name, 1000 + index, 2_000)]
    yield first
    made = len(first)
    index = 0
    per_worker = total // workers
    while made < total:
        events = []
        for _ in range(min(batch, total - made)):
            name = names[index % workers]
            pid = 1000 + index % workers
            t_ns = 3_000 + index * 1_000
            if index % 2:
                events.append(OutputLine(name, pid, t_ns, f"work {name} line {index}", "stdout"))
            else:
                events.append(MessageSent(name, pid, t_ns, index // workers, per_worker))
            index += 1
        made += len(events)
        yield events


def rss():
    import gc

    import psutil

    gc.collect()
    return psutil.Process().memory_info().rss


def run_model(total):
    from engine import RunRecord

    record = RunRecord.for_names(0, [f"w{index}" for index in range(WORKERS)])
    before = rss()
    for events in batches(total):
        record.apply(events)
    after = rss()
    return len(record.events), before, after


def run_bridge(total):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from engine import RunRecord
    from gui.engine_bridge import EngineBridge

    app = QApplication.instance() or QApplication([sys.argv[0]])
    bridge = EngineBridge()
    seen = [0]
    bridge.eventsArrived.connect(lambda batch: seen.__setitem__(0, seen[0] + len(batch)))
    record = RunRecord.for_names(0, [f"w{index}" for index in range(WORKERS)])
    app.processEvents()
    before = rss()
    for number, events in enumerate(batches(total)):
        bridge._deliver(None, record, events)  # None is the bridge's (no) session: views are told
        if number % 100 == 0:
            app.processEvents()
    app.processEvents()
    after = rss()
    if seen[0] != len(record.events):
        print(f"note: eventsArrived carried {seen[0]:,} events, the record holds {len(record.events):,}")
    return len(record.events), before, after


def child(path, total):
    import json

    events, before, after = (run_model if path == "model" else run_bridge)(total)
    print(json.dumps({"path": path, "events": events, "before": before, "after": after}))


def measure_in_subprocess(path, total):
    import json
    import subprocess

    completed = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", path, "--events", str(total)],
                               capture_output=True, text=True, timeout=600)
    if completed.returncode != 0:
        raise RuntimeError(f"memory child {path} failed:\n{completed.stderr}")
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1])


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description="RSS growth per recorded event.")
    parser.add_argument("--events", type=int, default=DEFAULT_EVENTS)
    parser.add_argument("--path", choices=("model", "bridge", "both"), default="both")
    parser.add_argument("--child", choices=("model", "bridge"), help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="accepted for run_all; the run is already quick")
    args = parser.parse_args([] if argv is None else argv)
    if args.child:
        child(args.child, args.events)
        return None

    from bench.result_line import result
    from bench.start_cost import machine_line

    print(machine_line())
    print(f"{args.events:,} synthetic events (OutputLine/MessageSent, {WORKERS} workers), batches of {BATCH}; "
          "RSS after gc.collect() before and after, each path in its own interpreter")
    paths = ("model", "bridge") if args.path == "both" else (args.path,)
    rows = []
    for path in paths:
        row = measure_in_subprocess(path, args.events)
        row["per_event"] = (row["after"] - row["before"]) / row["events"]
        rows.append(row)
        print(f"{path:<7} {row['events']:>10,} events  RSS {row['before'] / 2**20:8.1f} -> "
              f"{row['after'] / 2**20:8.1f} MiB  = {row['per_event']:.0f} bytes/event")
    worst = max(rows, key=lambda row: row["per_event"])
    result(f"5. memory growth per recorded event ({worst['path']}, {worst['events']:,} events)",
           f"{worst['per_event']:.0f} B/event", f"<= {GOAL_BYTES} B/event", worst["per_event"] <= GOAL_BYTES)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
