"""第 8 课：生产者和消费者之间的 Queue。

multiprocessing.Queue 把 Python 对象从一个进程传到另一个进程。生产者
put() 五个条目，然后 put() 一个 None，表示“没有更多了”；消费者不断
get()，直到遇到 None。get() 会一直等到有东西到来，所以消费者可以先启动。

输出生产了什么、消费了什么，最后打印 "end main"。退出码为 0。
"""
import multiprocessing
import time


def producer(queue, count):
    for n in range(count):
        item = f"item {n + 1}"
        print("produced", item, flush=True)
        queue.put(item)
        time.sleep(0.1)
    queue.put(None)  # 通知消费者停止


def consumer(queue):
    while True:
        item = queue.get()  # 等待下一个条目
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
