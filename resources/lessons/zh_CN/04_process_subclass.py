"""第 4 课：继承 Process 并重写 run()。

除了给 Process 传 target= 之外，还可以写一个继承 Process 的类，把子进程
要做的事情放在 run() 里。start() 创建子进程，由子进程调用 run()。如果
直接调用 run()，它会在主进程中运行，根本不会创建新进程。

这个类必须定义在模块的顶层：在 spawn 和 forkserver 方式下，子进程要导入
这个文件才能找到它。子进程打印三次当前时间，然后主进程打印 "end main"。
退出码为 0。
"""
import multiprocessing
import time


class ClockProcess(multiprocessing.Process):
    def __init__(self, interval):
        # 先调用 Process.__init__；它负责设置名字、pid 等。
        super().__init__()
        self.interval = interval

    def run(self):
        # 这里的代码在子进程中运行。
        for n in range(3):
            print(f"{self.name}: the time is {time.ctime()} (tick {n + 1})", flush=True)
            time.sleep(self.interval)


if __name__ == "__main__":
    p = ClockProcess(0.3)
    p.start()
    p.join()
    print("exit code:", p.exitcode, flush=True)
    print("end main", flush=True)
