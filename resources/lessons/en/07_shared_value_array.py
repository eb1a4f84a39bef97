"""Lesson 7: shared data with Value and Array, without a lock and with one.

Each process has its own memory, so a plain variable changed in a child is
not seen by the parent. Value and Array live in shared memory instead.

But "counter.value += 1" is not one step: it reads the value, adds one and
writes it back. When two processes read the same value at the same time,
both write back the same result and one update is lost. Four processes each
add 1 to a Value and to every element of an Array 10000 times:

* without a lock some updates are usually lost (how many depends on timing,
  so it changes from run to run; on a single CPU there may be none);
* with a Lock held around each update none are lost.

Prints, for both runs, the final counter, the array and how many updates
were lost. Exits with 0.
"""
import multiprocessing

PROCESSES = 4
TIMES = 10000


def add_without_lock(counter, numbers):
    for _ in range(TIMES):
        counter.value += 1
        for i in range(len(numbers)):
            numbers[i] += 1


def add_with_lock(counter, numbers, lock):
    for _ in range(TIMES):
        # Only one process at a time gets through here.
        with lock:
            counter.value += 1
            for i in range(len(numbers)):
                numbers[i] += 1


def run(label, target, extra_args):
    counter = multiprocessing.Value("i", 0)  # "i": a C int
    numbers = multiprocessing.Array("i", 3)  # three C ints, all 0
    processes = [
        multiprocessing.Process(target=target, args=(counter, numbers, *extra_args))
        for _ in range(PROCESSES)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join()

    expected = PROCESSES * TIMES
    print(f"{label}: counter = {counter.value} (expected {expected}, lost {expected - counter.value})", flush=True)
    print(f"{label}: array = {list(numbers)} (expected {expected} each)", flush=True)


if __name__ == "__main__":
    run("without lock", add_without_lock, ())
    run("with lock", add_with_lock, (multiprocessing.Lock(),))
    print("end main", flush=True)
