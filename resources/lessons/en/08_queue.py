"""Lesson 8: a Queue between a producer and a consumer.

A multiprocessing.Queue carries Python objects from one process to another.
The producer put()s five items and then None, a "no more items" marker;
the consumer get()s items until it sees None. get() waits until something
arrives, so the consumer can start first.

Prints what is produced and what is consumed, then "end main". Exits with 0.
"""
import multiprocessing
import time


def producer(queue, count):
    for n in range(count):
        item = f"item {n + 1}"
        print("produced", item, flush=True)
        queue.put(item)
        time.sleep(0.1)
    queue.put(None)  # tells the consumer to stop


def consumer(queue):
    while True:
        item = queue.get()  # waits for the next item
        if item is None:
            break
        print("consumed", item, flush=True)


if __name__ == "__main__":
    queue = multiprocessing.Queue()
    c = multiprocessing.Process(target=consumer, args=(queue,), name="consumer")
    p = multiprocessing.Process(target=producer, args=(queue, 5), name="producer")
    c.start()
    p.start()
    p.join()
    c.join()
    print("end main", flush=True)
