"""Lesson 3: three workers side by side.

worker1, worker2 and worker3 sleep 2, 3 and 4 seconds. They are started one
after the other but run at the same time, so the whole script takes about
4 seconds, not 2 + 3 + 4 = 9, and each worker ends after its own interval:
worker1 first, then worker2, then worker3.

Prints "work NAME start" and "work NAME end" for each worker, then
"end main". Exits with 0.
"""
import multiprocessing
import time


def worker1(interval):
    # flush=True: print the line now, even when the output goes to a pipe.
    print("work worker1 start", flush=True)
    time.sleep(interval)
    print("work worker1 end", flush=True)


def worker2(interval):
    print("work worker2 start", flush=True)
    time.sleep(interval)
    print("work worker2 end", flush=True)


def worker3(interval):
    print("work worker3 start", flush=True)
    time.sleep(interval)
    print("work worker3 end", flush=True)


if __name__ == "__main__":
    p1 = multiprocessing.Process(target=worker1, args=(2,))
    p2 = multiprocessing.Process(target=worker2, args=(3,))
    p3 = multiprocessing.Process(target=worker3, args=(4,))

    p1.start()
    p2.start()
    p3.start()

    print("The number of CPU is:", multiprocessing.cpu_count(), flush=True)
    for p in multiprocessing.active_children():
        print("child p.name:", p.name, "p.pid:", p.pid, flush=True)

    # Wait for all three; without this, "end main" would come first.
    p1.join()
    p2.join()
    p3.join()
    print("end main", flush=True)
