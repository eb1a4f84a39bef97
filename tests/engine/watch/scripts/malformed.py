"""Sends the collector what no agent sends, from a process the script starts.

Main starts a multiprocessing child that ends with 0, then runs a plain
Python without the agent that connects to the socket PROCLAB_WATCH_SOCKET
names and sends, a connection each: garbage, a record before any hello,
an oversized record, JSON nested too deep to parse, a hello with wrong
types, hellos claiming a pid that is not the sender's (0, the guard's and
2**40); and on one connection with a valid hello: a record with wrong
types, an unknown kind, an empty array and a string, after a well-formed
record saying it started VICTIM_PID, a process that is not the script's.
Prints "sent N" (N: records that must be counted as malformed). Run as
``malformed.py VICTIM_PID [wait]``; with "wait", main then sleeps a minute.
"""
import multiprocessing
import os
import subprocess
import sys
import time

SENDER = r"""
import json, os, socket, sys

path, guard, victim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
me, parent = os.getpid(), os.getppid()


def send(*packets):
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    connection.connect(path)
    for packet in packets:
        connection.send(packet if isinstance(packet, bytes) else json.dumps(packet).encode())
    return connection


def hello(pid):
    return ["hello", 1, pid, parent, ["forger"], "child", "forger"]


kept = [
    send(b"\xff\xfe this is not JSON"),
    send(["out", 1, "stdout", "no hello first"]),
    send(b"[" + b" " * 70000 + b"]"),
    send(b"[" * 30000 + b"]" * 30000),
    send(["hello", 1, "pid", parent, [], "child", "x"]),
    send(hello(0)),
    send(hello(guard)),
    send(hello(2 ** 40)),
    send(hello(me), ["start", 1, victim, "victim"],
         ["out", "t", "stdout", "x"], ["no such kind", 1], [], "a string"),
]
print("sent", 12, flush=True)
for connection in kept:
    connection.close()
"""


def child():
    print("the honest child", flush=True)


if __name__ == "__main__":
    honest = multiprocessing.Process(target=child, name="honest")
    honest.start()
    honest.join()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PROCLAB_WATCH")}
    env["PYTHONPATH"] = ""
    subprocess.run([sys.executable, "-c", SENDER, os.environ["PROCLAB_WATCH_SOCKET"],
                    os.environ["PROCLAB_WATCH_GUARD"], sys.argv[1]], env=env, check=True)
    print("forged", flush=True)
    if sys.argv[2:] == ["wait"]:
        time.sleep(60)
