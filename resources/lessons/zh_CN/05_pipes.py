"""第 5 课：Pipe，双向的和单向的。

Pipe() 返回相互连接的两端。默认情况下管道是双向（duplex）的：每一端都
可以 send() 和 recv()。Pipe(duplex=False) 返回（接收端，发送端）：前者
只能 recv()，后者只能 send()。

每个进程都关闭自己不用的那一端，这样当对方已经离开时，recv() 会抛出
EOFError，而不是永远等待下去。输出双方收到的消息，最后打印 "end main"。
退出码为 0。
"""
import multiprocessing


def chat(conn):
    # 双向：子进程在自己这一端既接收也发送。
    question = conn.recv()
    print("child got:", question, flush=True)
    conn.send(f"pong ({question})")
    conn.close()


def count(send_end, n):
    # 单向：子进程只发送；None 表示“没有了”。
    for i in range(n):
        send_end.send(i)
    send_end.send(None)
    send_end.close()


if __name__ == "__main__":
    # 1. 双向管道：一问一答。
    parent_end, child_end = multiprocessing.Pipe()
    p = multiprocessing.Process(target=chat, args=(child_end,))
    p.start()
    child_end.close()  # 子进程有自己的一份；父进程用不到这一端
    parent_end.send("ping")
    print("parent got:", parent_end.recv(), flush=True)
    p.join()
    parent_end.close()

    # 2. 单向管道：子进程发送数字，父进程接收。
    receive_end, send_end = multiprocessing.Pipe(duplex=False)
    p = multiprocessing.Process(target=count, args=(send_end, 5))
    p.start()
    send_end.close()
    received = []
    while True:
        item = receive_end.recv()
        if item is None:
            break
        received.append(item)
    print("parent received:", received, flush=True)
    p.join()
    receive_end.close()
    print("end main", flush=True)
