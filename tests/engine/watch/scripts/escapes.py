"""Processes that leave the script's process group: a program in a session
of its own and a multiprocessing child that calls os.setsid(); then main
waits. Prints "pid ROLE PID" for each, then "all running"."""
import multiprocessing
import os
import subprocess
import time


def leave(ready):
    os.setsid()
    ready.set()
    time.sleep(60)


if __name__ == "__main__":
    print("pid main", os.getpid(), flush=True)
    program = subprocess.Popen(["sleep", "60"], start_new_session=True)
    print("pid program", program.pid, flush=True)
    ready = multiprocessing.Event()
    child = multiprocessing.Process(target=leave, args=(ready,), name="leaver")
    child.start()
    ready.wait(30)
    print("pid leaver", child.pid, flush=True)
    print("all running", flush=True)
    time.sleep(60)
