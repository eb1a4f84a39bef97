"""第 1 课：有几个 CPU，哪些子进程还活着。

multiprocessing.cpu_count() 返回这台机器的 CPU 个数，也就是同一时刻
真正能同时运行的进程数的上限。active_children() 列出当前进程仍在运行的
子进程（顺便回收已经结束的子进程）。

输出 CPU 个数、每个子进程的名字和 pid、子进程睡眠时仍活着的子进程，
以及所有子进程都被 join 之后的空列表。退出码为 0。
"""
import multiprocessing
import time


def worker(interval):
    # 在子进程中运行：报出自己是谁，然后睡一会儿。
    me = multiprocessing.current_process()
    print(f"{me.name} started, pid {me.pid}", flush=True)
    time.sleep(interval)


if __name__ == "__main__":
    # 下面的代码只在主进程中运行。在 spawn 和 forkserver 方式下，每个子进程
    # 都会重新导入这个文件；这个判断防止子进程再去创建自己的子进程。
    print("The number of CPU is:", multiprocessing.cpu_count(), flush=True)

    processes = []
    for i in range(3):
        p = multiprocessing.Process(target=worker, args=(0.5,), name=f"worker{i + 1}")
        processes.append(p)
        p.start()

    # 三个子进程此刻都在睡眠，所以三个都会被列出来。
    for child in multiprocessing.active_children():
        print(f"alive: {child.name} (pid {child.pid})", flush=True)

    for p in processes:
        p.join()

    # 所有子进程都已结束并被 join：一个也不剩。
    print("active children after join:", multiprocessing.active_children(), flush=True)
    print("end main", flush=True)
