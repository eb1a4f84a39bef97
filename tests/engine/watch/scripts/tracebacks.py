"""Tracebacks from inside multiprocessing calls, printed as Python prints them.

A child whose run raises; a Pool task that raises (its remote traceback
printed in main); recv() on a Pipe whose other end is closed; get() on
an empty Queue with a timeout; release() of a Lock nobody holds; start()
called twice. Each is caught and printed with traceback.print_exc().
"""
import multiprocessing
import sys
import traceback


def fails():
    raise ValueError("run failed")


def task(number):
    if number == 2:
        raise KeyError(number)
    return number


def shown(title, call, *args):
    print("--", title, file=sys.stderr, flush=True)
    try:
        call(*args)
    except Exception:
        traceback.print_exc()
        sys.stderr.flush()


if __name__ == "__main__":
    child = multiprocessing.Process(target=fails, name="fails")
    child.start()
    child.join()
    print("--", "run raised: exit code", child.exitcode, file=sys.stderr, flush=True)
    with multiprocessing.Pool(1) as pool:
        shown("pool task", pool.map, task, range(3))
    mine, theirs = multiprocessing.Pipe()
    theirs.close()
    shown("recv", mine.recv)
    shown("queue get", multiprocessing.Queue().get, True, 0.01)
    shown("lock release", multiprocessing.Lock().release)
    shown("start twice", child.start)
