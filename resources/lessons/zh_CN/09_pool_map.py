"""第 9 课：Pool.map 和 ProcessPoolExecutor。

进程池只启动一次几个 worker 进程，然后把许多任务交给它们。
Pool(2).map(square, range(6)) 把六个数分给两个 worker，并按输入的顺序
返回结果，不管是哪个 worker 算出来的。concurrent.futures.ProcessPoolExecutor
用较新的 future 接口做同样的事。

函数必须定义在模块的顶层，worker 进程才能找到它。输出两个结果列表和
"end main"。退出码为 0。
"""
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor


def square(x):
    # 在进程池的某个 worker 进程中运行。
    time.sleep(0.1)
    return x * x


if __name__ == "__main__":
    # "with" 在结束时关闭进程池，结束它的 worker 进程。
    with multiprocessing.Pool(2) as pool:
        results = pool.map(square, range(6))
    print("Pool.map:", results, flush=True)

    with ProcessPoolExecutor(max_workers=2) as executor:
        results = list(executor.map(square, range(6)))
    print("ProcessPoolExecutor.map:", results, flush=True)
    print("end main", flush=True)
