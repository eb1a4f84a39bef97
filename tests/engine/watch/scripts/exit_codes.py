"""Children that end with -15, -9, 3, 1 and -11; main ends with 0."""
import multiprocessing
import os
import signal
import sys
import time


def wait_forever(ready):
    ready.set()
    time.sleep(60)


def exit_three():
    sys.exit(3)


def raise_error():
    raise RuntimeError("this child fails")


def segfault():
    os.kill(os.getpid(), signal.SIGSEGV)


if __name__ == "__main__":
    terminated_ready, killed_ready = multiprocessing.Event(), multiprocessing.Event()
    children = [
        multiprocessing.Process(target=wait_forever, args=(terminated_ready,), name="terminated"),
        multiprocessing.Process(target=wait_forever, args=(killed_ready,), name="killed"),
        multiprocessing.Process(target=exit_three, name="exit3"),
        multiprocessing.Process(target=raise_error, name="raises"),
        multiprocessing.Process(target=segfault, name="segfault"),
    ]
    for child in children:
        child.start()
    terminated_ready.wait(30)
    killed_ready.wait(30)
    children[0].terminate()
    children[1].kill()
    for child in children:
        child.join()
    print(" ".join(f"{child.name}={child.exitcode}" for child in children))
