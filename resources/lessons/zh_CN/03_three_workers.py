"""第 3 课：三个 worker 同时运行。

worker1、worker2 和 worker3 分别睡 2、3、4 秒。它们一个接一个地启动，
但同时运行，所以整个脚本大约用 4 秒，而不是 2 + 3 + 4 = 9 秒；每个
worker 在自己的时间间隔之后结束：先是 worker1，然后 worker2，最后 worker3。

每个 worker 打印 "work NAME start" 和 "work NAME end"，最后打印
"end main"。退出码为 0。
"""
import multiprocessing
import time


def worker1(interval):
    # flush=True：立即打印这一行，即使输出到的是管道。
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

    # 等待三个 worker 全部结束；没有这几行，"end main" 会最先打印。
    p1.join()
    p2.join()
    p3.join()
    print("end main", flush=True)
