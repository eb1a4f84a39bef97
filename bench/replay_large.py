"""A 200 workers x 10,000 messages run, written and opened again.

Goal (issue 10, item 8): whatever ProcLab writes, it opens again; the peak
memory of opening it is printed beside what the loaded record itself holds.

A ``RunRecord`` of ``--workers`` x ``--messages`` ``MessageSent`` events
(plus each worker's launch, start, end and exit) is made synthetically, as
a real run would record it, and written with the engine's own writers:
``write_events_jsonl`` (events, JSON Lines) and ``write_trace`` (Chrome
trace with ``proclab`` events). Each file is then opened by
``engine.files.replay.load_run`` in a fresh interpreter, which reports:

* the load time (``perf_counter``, around ``load_run`` alone);
* the peak resident memory of that interpreter (``VmHWM`` on Linux, else
  ``ru_maxrss``) and what it
  held just before ``load_run`` (the interpreter and the engine imported);
* what the loaded record holds: resident memory after loading (after
  ``gc.collect()``) less the same baseline.

Peak less the record's own size is what reading cost on top of the record:
with a streamed reader it stays near one chunk and one batch of events.

    python bench/replay_large.py [--workers 200] [--messages 10000] [--keep DIR]
    python bench/replay_large.py --quick     # 20 x 10,000

Files go to a temporary folder unless
``--keep`` names one.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

DEFAULT_WORKERS = 200
DEFAULT_MESSAGES = 10_000
QUICK_WORKERS = 20


def synthetic_message_run(workers, messages):
    """A RunRecord of ``workers`` messages workers that each sent ``messages`` messages.

    Every worker is launched, starts, sends one message a millisecond
    (the workers interleaved, as a real run's arrive), ends and exits 0.
    Events are applied a batch at a time, as the reader thread delivers them.
    """
    from engine import RunRecord
    from engine.model.events import MessageSent, WorkerEnded, WorkerExited, WorkerLaunched, WorkerStarted

    names = [f"worker{index + 1}" for index in range(workers)]
    record = RunRecord.for_names(0, names)
    ms = 1_000_000
    record.apply([WorkerLaunched(name, None, index * 1000) for index, name in enumerate(names)])
    record.apply([WorkerStarted(name, 100_000 + index, 5 * ms + index * 1000) for index, name in enumerate(names)])
    for number in range(1, messages + 1):
        t_ns = 5 * ms + number * ms
        record.apply([MessageSent(name, 100_000 + index, t_ns + index * 1000, number, messages)
                      for index, name in enumerate(names)])
    end_ns = 5 * ms + (messages + 1) * ms
    record.apply([WorkerEnded(name, 100_000 + index, end_ns + index * 1000) for index, name in enumerate(names)])
    record.apply([WorkerExited(name, 100_000 + index, end_ns + ms + index * 1000, 0)
                  for index, name in enumerate(names)])
    return record


def write_files(folder, workers, messages):
    """Writes the run's events file and trace; returns [(kind, path, seconds to write)]."""
    import time

    from engine.files.event_log import write_events_jsonl
    from engine.files.trace_export import write_trace

    started = time.perf_counter()
    record = synthetic_message_run(workers, messages)
    print(f"made a record of {len(record.events):,} events in {time.perf_counter() - started:.1f} s", flush=True)
    files = []
    for kind, name, write in (
        ("events", "run.events.jsonl", lambda path: write_events_jsonl(path, record.events, record.t0_ns)),
        ("trace", "run.trace.json", lambda path: write_trace(path, record, f"{workers} x {messages:,} messages")),
    ):
        path = os.path.join(folder, name)
        started = time.perf_counter()
        write(path)
        files.append((kind, path, time.perf_counter() - started))
    return files, len(record.events)


def rss_bytes():
    import gc

    import psutil

    gc.collect()
    return psutil.Process().memory_info().rss


def max_rss_bytes():
    """This interpreter's peak resident memory.

    On Linux ``VmHWM``: ``ru_maxrss`` keeps the high-water mark from before
    ``exec``, which for a child forked from this large parent is the parent's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def child(path):
    """In a fresh interpreter: loads ``path`` and prints one JSON line of figures."""
    import json
    import time

    from engine.files.replay import load_run

    before = rss_bytes()
    started = time.perf_counter()
    replay = load_run(path)
    seconds = time.perf_counter() - started
    after = rss_bytes()
    print(json.dumps({"kind": replay.kind, "events": len(replay.record.events), "workers": len(replay.record.workers),
                      "seconds": seconds, "before": before, "after": after, "peak": max_rss_bytes()}))


def load_in_subprocess(path):
    import json
    import subprocess

    completed = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", path],
                               capture_output=True, text=True, timeout=1800)
    if completed.returncode != 0:
        return {"error": completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "failed"}
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(argv=None):
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description="Write a large run's events file and trace, then open both.")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--messages", type=int, default=DEFAULT_MESSAGES)
    parser.add_argument("--keep", metavar="DIR", help="write the files here and keep them")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_WORKERS} workers instead of {DEFAULT_WORKERS}")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args([] if argv is None else argv)
    if args.child:
        child(args.child)
        return None
    workers = args.workers or (QUICK_WORKERS if args.quick else DEFAULT_WORKERS)

    from bench.result_line import result
    from bench.start_cost import machine_line

    print(machine_line())
    print(f"{workers} workers x {args.messages:,} messages, written with the engine's writers, "
          "each file opened by load_run in a fresh interpreter")
    rows = []
    with tempfile.TemporaryDirectory(prefix="proclab-replay-") as temporary:
        folder = args.keep or temporary
        os.makedirs(folder, exist_ok=True)
        files, count = write_files(folder, workers, args.messages)
        for kind, path, write_s in files:
            size = os.path.getsize(path)
            row = load_in_subprocess(path)
            row.update(kind=kind, size=size, write_s=write_s)
            rows.append(row)
            if "error" in row:
                print(f"{kind:<6} {size / 1e6:8.1f} MB written in {write_s:.1f} s; NOT OPENED: {row['error']}")
                continue
            record_mb, peak_mb = (row["after"] - row["before"]) / 1e6, (row["peak"] - row["before"]) / 1e6
            print(f"{kind:<6} {size / 1e6:8.1f} MB written in {write_s:5.1f} s, opened in {row['seconds']:5.1f} s "
                  f"({row['events']:,} events, {row['workers']} rows); memory over the interpreter's "
                  f"{row['before'] / 1e6:.0f} MB: peak {peak_mb:.0f} MB, the record {record_mb:.0f} MB", flush=True)
    for row in rows:
        opened = "error" not in row and row["events"] == count
        goal = (f"8. {workers} x {args.messages:,} messages run reopened: "
                f"{row['kind']} file ({row['size'] / 1e6:.0f} MB)")
        if "error" in row:
            measured = f"not opened: {row['error']}"
        else:
            measured = (f"opens in {row['seconds']:.1f} s; peak {(row['peak'] - row['before']) / 1e6:.0f} MB "
                        f"(record {(row['after'] - row['before']) / 1e6:.0f} MB)")
        result(goal, measured, "it opens; peak memory printed", opened)
    return rows


if __name__ == "__main__":
    main(sys.argv[1:])
