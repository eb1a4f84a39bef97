"""A program whose one worker is stuck in C code holding the GIL; it reports
the worker's pid, then waits to be killed.

Run as ``python -m tests.reliability.stuck_parent START_METHOD``. The worker
arms ProcLab's parent watch exactly as ``engine.worker.worker_main.run_worker``
does, then sums a range in C: no Python code runs in it for minutes, so no
thread of its own could end it.
"""
import json
import sys
import threading

from engine.model.start_methods import make_context
from engine.worker.worker_main import _exit_when_parent_dies


def stuck_worker() -> None:
    _exit_when_parent_dies()
    sum(range(10**13))  # C code with the GIL held, far longer than any test


def main() -> None:
    context = make_context(sys.argv[1])
    process = context.Process(target=stuck_worker, daemon=True)
    process.start()
    print(json.dumps(process.pid), flush=True)
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main()
