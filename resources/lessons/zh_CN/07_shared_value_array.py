"""第 7 课：用 Value 和 Array 共享数据，不加锁和加锁。

每个进程都有自己的内存，子进程修改一个普通变量，父进程是看不到的。
Value 和 Array 则存放在共享内存中。

但是 "counter.value += 1" 并不是一步完成的：先读出值，加一，再写回去。
如果两个进程同时读到同一个值，它们会写回同一个结果，其中一次更新就丢失了。
四个进程各自给一个 Value 和一个 Array 的每个元素加 1，各加 10000 次：

* 不加锁时通常会丢失一些更新（丢多少取决于时机，每次运行都不一样；
  只有一个 CPU 时可能一次也不丢）；
* 每次更新都持有 Lock 时，一次也不会丢。

两轮分别输出最终的计数、数组以及丢失了多少次更新。退出码为 0。
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
        # 同一时刻只有一个进程能进入这里。
        with lock:
            counter.value += 1
            for i in range(len(numbers)):
                numbers[i] += 1


def run(label, target, extra_args):
    counter = multiprocessing.Value("i", 0)  # "i"：一个 C int
    numbers = multiprocessing.Array("i", 3)  # 三个 C int，初值都是 0
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
