"""Runs workers with too few file descriptors left for all of them.

Run as ``python -m tests.engine.start_failure_parent METHOD``; prints JSON.
"""
import json
import os
import resource
import sys

from engine import Session, WorkerSpec


def main() -> None:
    method = sys.argv[1]
    events = []
    session = Session([WorkerSpec(f"w{i}", 0.2) for i in range(12)], events.extend, start_method=method)
    if method == "forkserver":  # the server's own descriptors are not the point
        import multiprocessing.forkserver

        multiprocessing.forkserver.ensure_running()
    open_now = len(os.listdir("/proc/self/fd"))
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (open_now + 20, hard))
    session.start()
    still_running = session.join(timeout=30)
    statuses = session.statuses()
    session.stop()
    print(json.dumps({
        "still_running": still_running,
        "exits": [[e.worker, e.exitcode] for e in events if e.kind == "exit"],
        "errors": [e.text for e in events if e.kind == "output" and e.stream == "stderr"],
        "states": {s.name: s.state.value for s in statuses},
    }))


if __name__ == "__main__":
    main()
