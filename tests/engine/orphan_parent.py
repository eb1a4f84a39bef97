"""A program that starts workers, reports their pids, then waits to be killed.

Run as ``python -m tests.engine.orphan_parent START_METHOD COUNT``.
"""
import json
import sys
import threading

from engine import Session, WorkerSpec


def main() -> None:
    method, count = sys.argv[1], int(sys.argv[2])
    all_started = threading.Event()
    started: set[str] = set()

    def on_events(batch):
        started.update(e.worker for e in batch if e.kind == "start")
        if len(started) == count:
            all_started.set()

    session = Session([WorkerSpec(f"w{i}", 600) for i in range(count)], on_events, start_method=method)
    session.start()
    all_started.wait(60)
    print(json.dumps([s.pid for s in session.statuses()]), flush=True)
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main()
