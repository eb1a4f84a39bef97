"""Lesson 2: is_alive() and join(timeout=1).

join() waits for a child to end; join(timeout=1) waits at most one second
and then returns whether or not the child has ended. is_alive() tells which
it was. Here the worker sleeps 5 seconds, so after join(timeout=1) it is
still alive and the main process prints "end main" before the worker ends.

The main process does not exit early, though: before it exits,
multiprocessing joins every child that is not a daemon, so the script ends
after the worker, about 5 seconds after it started. Exits with 0.
"""
import multiprocessing
import time


def worker(interval):
    # flush=True sends each line at once. Without it, output that goes to a
    # pipe or a file (not a terminal) waits in a buffer and the lines of
    # different processes show up in the wrong order.
    print("work start:", time.ctime(), flush=True)
    time.sleep(interval)
    print("work end:", time.ctime(), flush=True)


if __name__ == "__main__":
    p = multiprocessing.Process(target=worker, args=(5,))
    p.start()
    print("p.pid:", p.pid, flush=True)
    print("p.name:", p.name, flush=True)
    print("p.is_alive:", p.is_alive(), flush=True)

    # Wait one second at most; the worker needs five.
    p.join(timeout=1)
    print("after join(timeout=1), p.is_alive:", p.is_alive(), flush=True)

    # Printed while the worker is still sleeping.
    print("end main", flush=True)
