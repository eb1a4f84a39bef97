"""A child that ignores SIGTERM and sleeps a minute; main waits for it."""
import multiprocessing
import signal
import time


def stubborn(ready):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    ready.set()
    time.sleep(60)


if __name__ == "__main__":
    ready = multiprocessing.Event()
    child = multiprocessing.Process(target=stubborn, args=(ready,), name="stubborn")
    child.start()
    ready.wait(30)
    print("stubborn is ready", flush=True)
    child.join()
