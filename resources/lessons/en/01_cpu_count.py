"""Lesson 1: how many CPUs, and which children are alive.

multiprocessing.cpu_count() says how many CPUs the machine has: the most
processes that can really run at the same moment. active_children() lists
the children of this process that are still running (and, as a side effect,
reaps the ones that have ended).

Prints the CPU count, each child's name and pid, the living children while
they sleep, and an empty list once every child has been joined. Exits with 0.
"""
import multiprocessing
import time


def worker(interval):
    # Runs in the child process: say who we are, then sleep a little.
    me = multiprocessing.current_process()
    print(f"{me.name} started, pid {me.pid}", flush=True)
    time.sleep(interval)


if __name__ == "__main__":
    # Everything below runs only in the main process. Under spawn and
    # forkserver each child imports this file again; the guard stops the
    # children from starting children of their own.
    print("The number of CPU is:", multiprocessing.cpu_count(), flush=True)

    processes = []
    for i in range(3):
        p = multiprocessing.Process(target=worker, args=(0.5,), name=f"worker{i + 1}")
        processes.append(p)
        p.start()

    # The three children are sleeping now, so all three are listed.
    for child in multiprocessing.active_children():
        print(f"alive: {child.name} (pid {child.pid})", flush=True)

    for p in processes:
        p.join()

    # Every child has ended and been joined: nobody is left.
    print("active children after join:", multiprocessing.active_children(), flush=True)
    print("end main", flush=True)
