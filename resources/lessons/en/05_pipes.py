"""Lesson 5: Pipe, both ways and one way.

Pipe() returns two connected ends. By default the pipe is duplex: each end
can send() and recv(). Pipe(duplex=False) returns (receive end, send end):
the first can only recv(), the second can only send().

Each process closes the ends it does not use, so that recv() raises
EOFError instead of waiting forever when the other side has gone.
Prints the messages each side receives, then "end main". Exits with 0.
"""
import multiprocessing


def chat(conn):
    # Duplex: the child both receives and sends on its end.
    question = conn.recv()
    print("child got:", question, flush=True)
    conn.send(f"pong ({question})")
    conn.close()


def count(send_end, n):
    # One way: the child only sends; None says "no more".
    for i in range(n):
        send_end.send(i)
    send_end.send(None)
    send_end.close()


if __name__ == "__main__":
    # 1. A duplex pipe: a question and an answer.
    parent_end, child_end = multiprocessing.Pipe()
    p = multiprocessing.Process(target=chat, args=(child_end,))
    p.start()
    child_end.close()  # the child has its own copy; the parent does not need this end
    parent_end.send("ping")
    print("parent got:", parent_end.recv(), flush=True)
    p.join()
    parent_end.close()

    # 2. A one-way pipe: the child sends numbers, the parent receives them.
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
