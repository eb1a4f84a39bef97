"""Starts 30 processes that each sleep a minute."""
import multiprocessing
import time


def sleep():
    time.sleep(60)


if __name__ == "__main__":
    children = [multiprocessing.Process(target=sleep) for _ in range(30)]
    for child in children:
        child.start()
    print("started 30", flush=True)
    for child in children:
        child.join()
