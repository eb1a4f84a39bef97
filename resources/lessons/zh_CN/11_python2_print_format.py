"""第 11 课：教程里的 Python 2 print 语句在 Python 3 上。

经典教程是为 Python 2 写的，那时 print 是一条语句：

    print "The time is {0}".format(time.ctime())

在 Python 3 上这一行是 SyntaxError。把括号加错位置，就得到了许多移植版
教程里的那一行：

    print("The time is {0}").format(time.ctime())

这一行能运行，但 print() 是一个返回 None 的函数，所以 Python 先打印出
仍带着 "{0}" 的文字，然后调用 None.format(...)：
AttributeError: 'NoneType' object has no attribute 'format'。

修正方法：在括号里面对字符串调用 format()：

    print("The time is {0}".format(time.ctime()))

本脚本在一个子进程中运行错误的那一行，它打印 "The time is {0}"，
因那个 AttributeError 失败（traceback 在 stderr 上），以退出码 1 退出；
然后在第二个子进程中运行修正后的那一行，它打印当前时间，以退出码 0 退出。
脚本本身的退出码为 0。
"""
import multiprocessing
import time


def broken():
    # 移植过来的 Python 2 语句：print() 返回 None，而 None 没有 format()。
    print("The time is {0}").format(time.ctime())


def fixed():
    print("The time is {0}".format(time.ctime()))


if __name__ == "__main__":
    for target in (broken, fixed):
        p = multiprocessing.Process(target=target, name=target.__name__)
        p.start()
        p.join()
        print(f"{p.name} exit code: {p.exitcode}", flush=True)
    print("end main", flush=True)
