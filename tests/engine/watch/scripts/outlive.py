"""Main ends at once (os._exit) while its children live on for a second.

A multiprocessing child (daemon=False, never joined) exits with 4, an
os.fork child with 5 and a Python subprocess with 6, each a second after
main is gone; they become orphans of whoever reaps them.
"""
import multiprocessing
import os
import subprocess
import sys
import time


def outlive(code):
    time.sleep(1)
    sys.exit(code)


if __name__ == "__main__":
    child = multiprocessing.Process(target=outlive, args=(4,), name="outliver", daemon=False)
    child.start()
    sys.stdout.flush()
    if os.fork() == 0:
        time.sleep(1)
        os._exit(5)
    subprocess.Popen([sys.executable, "-c", "import sys, time; time.sleep(1); sys.exit(6)"])
    print("main leaves", flush=True)
    os._exit(0)
