"""第 6 课：用 Lock 保护共享文件。

三个 worker 各向同一个文件追加三行。每个 worker 在写这几行时一直持有
Lock，其他 worker 无法在中间插入：文件里每个 worker 的行排在一起，一块
接一块。如果没有锁，这些块可能会交错在一起。

文件建在一个临时文件夹里，最后打印出来并删除。退出码为 0。
"""
import multiprocessing
import os
import tempfile
import time


def write_lines(lock, path, name):
    # "with lock" 获取锁，并在代码块结束时释放它，即使代码块抛出异常也一样。
    with lock:
        for n in range(3):
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"{name} line {n + 1}\n")
            # 持有锁时稍停片刻：其他 worker 只能等待。
            time.sleep(0.05)


if __name__ == "__main__":
    lock = multiprocessing.Lock()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "shared.txt")
        processes = [
            multiprocessing.Process(target=write_lines, args=(lock, path, f"worker{i + 1}"))
            for i in range(3)
        ]
        for p in processes:
            p.start()
        for p in processes:
            p.join()

        with open(path, encoding="utf-8") as f:
            print(f.read(), end="", flush=True)
    print("end main", flush=True)
