"""Lesson 9: Pool.map and ProcessPoolExecutor.

A pool starts a few worker processes once and hands them many tasks.
Pool(2).map(square, range(6)) splits the six numbers between two workers
and returns the results in the order of the inputs, whichever worker
computed them. concurrent.futures.ProcessPoolExecutor does the same with
the newer futures interface.

The function must be defined at the top level of the module, so the worker
processes can find it. Prints both result lists and "end main". Exits with 0.
"""
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor


def square(x):
    # Runs in one of the pool's worker processes.
    time.sleep(0.1)
    return x * x


if __name__ == "__main__":
    # "with" closes the pool at the end, ending its worker processes.
    with multiprocessing.Pool(2) as pool:
        results = pool.map(square, range(6))
    print("Pool.map:", results, flush=True)

    with ProcessPoolExecutor(max_workers=2) as executor:
        results = list(executor.map(square, range(6)))
    print("ProcessPoolExecutor.map:", results, flush=True)
    print("end main", flush=True)
