"""Lesson 10: one child crashes, the others finish.

Every process has its own memory and its own life: when one child raises an
exception, it prints the traceback to stderr and exits with exit code 1,
while its siblings and the parent go on. A child can also choose its exit
code with sys.exit(n). The parent learns how each child ended from
Process.exitcode after join(): 0 for success, the exit code it chose, or
-N when signal N ended it.

Prints each child's exit code (worker1: 0, crasher: 1, quitter: 3,
worker2: 0) and "end main". The script itself exits with 0.
"""
import multiprocessing
import sys
import time


def work(interval):
    print(multiprocessing.current_process().name, "start", flush=True)
    time.sleep(interval)
    print(multiprocessing.current_process().name, "end", flush=True)


def crash():
    time.sleep(0.2)
    # An exception nobody catches ends this child with exit code 1.
    raise RuntimeError("this child crashes on purpose")


def quit_with_3():
    time.sleep(0.2)
    sys.exit(3)


if __name__ == "__main__":
    processes = [
        multiprocessing.Process(target=work, args=(0.5,), name="worker1"),
        multiprocessing.Process(target=crash, name="crasher"),
        multiprocessing.Process(target=quit_with_3, name="quitter"),
        multiprocessing.Process(target=work, args=(1,), name="worker2"),
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
        print(f"{p.name} exit code: {p.exitcode}", flush=True)
    print("end main", flush=True)
