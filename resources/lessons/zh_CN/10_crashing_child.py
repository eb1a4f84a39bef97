"""第 10 课：一个子进程崩溃，其他的照常完成。

每个进程都有自己的内存和自己的生命：一个子进程抛出异常时，它把 traceback
打印到 stderr 并以退出码 1 退出，而它的兄弟进程和父进程继续运行。子进程
也可以用 sys.exit(n) 自己选择退出码。父进程在 join() 之后通过
Process.exitcode 得知每个子进程是怎样结束的：成功为 0，或者它自己选择的
退出码，被信号 N 结束时为 -N。

输出每个子进程的退出码（worker1: 0，crasher: 1，quitter: 3，
worker2: 0）和 "end main"。脚本本身的退出码为 0。
"""
import multiprocessing
import sys
import time


def work(interval):
    print(multiprocessing.current_process().name, "start", flush=True)
    time.sleep(interval)
    print(multiprocessing.current_process().name, "end", flush=True)


def crash():
    time.sleep(0.2)
    # 没有被捕获的异常让这个子进程以退出码 1 结束。
    raise RuntimeError("this child crashes on purpose")


def quit_with_3():
    time.sleep(0.2)
    sys.exit(3)


if __name__ == "__main__":
    processes = [
        multiprocessing.Process(target=work, args=(0.5,), name="worker1"),
        multiprocessing.Process(target=crash, name="crasher"),
        multiprocessing.Process(target=quit_with_3, name="quitter"),
        multiprocessing.Process(target=work, args=(1,), name="worker2"),
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
        print(f"{p.name} exit code: {p.exitcode}", flush=True)
    print("end main", flush=True)
