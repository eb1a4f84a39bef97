"""第 2 课：is_alive() 和 join(timeout=1)。

join() 等待子进程结束；join(timeout=1) 最多等一秒，不管子进程是否结束
都会返回。is_alive() 告诉你是哪一种情况。这里的 worker 睡 5 秒，所以
join(timeout=1) 之后它仍然活着，主进程在 worker 结束之前就打印 "end main"。

不过主进程并不会提前退出：退出之前，multiprocessing 会 join 每一个
非守护（daemon）子进程，所以脚本在 worker 之后结束，大约在开始后 5 秒。
退出码为 0。
"""
import multiprocessing
import time


def worker(interval):
    # flush=True 让每一行立即输出。否则当输出到管道或文件（而不是终端）时，
    # 内容会先留在缓冲区里，不同进程的行就会以错误的顺序出现。
    print("work start:", time.ctime(), flush=True)
    time.sleep(interval)
    print("work end:", time.ctime(), flush=True)


if __name__ == "__main__":
    p = multiprocessing.Process(target=worker, args=(5,))
    p.start()
    print("p.pid:", p.pid, flush=True)
    print("p.name:", p.name, flush=True)
    print("p.is_alive:", p.is_alive(), flush=True)

    # 最多等一秒；worker 需要五秒。
    p.join(timeout=1)
    print("after join(timeout=1), p.is_alive:", p.is_alive(), flush=True)

    # 打印这一行时 worker 还在睡眠。
    print("end main", flush=True)
