"""Three children that sleep a minute; every pid of the script is printed as it is known.

Prints "pid ROLE PID" lines: main, each child once it runs, and the
forkserver and resource tracker where multiprocessing started them, then
"socket PATH" (the collector's socket, where there is one) and "all running".
"""
import multiprocessing
import os
import time


def sleep(ready):
    print("pid child", os.getpid(), flush=True)
    ready.release()
    time.sleep(60)


def helper_pids():
    pids = []
    from multiprocessing import forkserver, resource_tracker

    tracker = getattr(resource_tracker._resource_tracker, "_pid", None)
    server = getattr(forkserver._forkserver, "_forkserver_pid", None)
    for role, pid in (("resource_tracker", tracker), ("forkserver", server)):
        if pid:
            pids.append((role, pid))
    return pids


if __name__ == "__main__":
    print("pid main", os.getpid(), flush=True)
    ready = multiprocessing.Semaphore(0)
    children = [multiprocessing.Process(target=sleep, args=(ready,)) for _ in range(3)]
    for child in children:
        child.start()
    for _ in children:
        ready.acquire()
    for role, pid in helper_pids():
        print("pid", role, pid, flush=True)
    print("socket", os.environ.get("PROCLAB_WATCH_SOCKET"), flush=True)
    print("all running", flush=True)
    for child in children:
        child.join()
