"""What a script sees of itself, printed so a watched run can be compared with a plain one.

Chooses spawn itself, prints its module's name at the top (a spawn child
re-imports it as __mp_main__ and prints again), whether any sys.path
entry or sys.modules entry of it and of its child mentions a watcher,
and ends with sys.exit(7).
"""
import multiprocessing
import os
import sys

print("top of module as", __name__, flush=True)


def looks_watched():
    path = [entry for entry in sys.path if "watch" in entry.lower() and "agent" in entry.lower()]
    return {"path": path, "main": getattr(sys.modules["__main__"], "__file__", None) and
            os.path.basename(sys.modules["__main__"].__file__)}


def child(queue):
    queue.put((multiprocessing.current_process().name, multiprocessing.get_start_method(), looks_watched()))


if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    queue = multiprocessing.Queue()
    worker = multiprocessing.Process(target=child, args=(queue,), name="spawned")
    worker.start()
    name, method, seen = queue.get()
    worker.join()
    print("main: start method", multiprocessing.get_start_method(), looks_watched(), flush=True)
    print(f"child {name}: start method {method}", seen, flush=True)
    print("child exit code", worker.exitcode, flush=True)
    sys.exit(7)
