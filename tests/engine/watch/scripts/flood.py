"""Four children print LINES lines each as fast as they can (default 20000)."""
import multiprocessing
import sys

LINES = int(sys.argv[1]) if len(sys.argv) > 1 else 20000


def flood(number):
    for index in range(LINES):
        print(f"child{number} line {index:06d} " + "x" * (index % 50))


if __name__ == "__main__":
    children = [multiprocessing.Process(target=flood, args=(n,), name=f"flood{n}") for n in range(4)]
    for child in children:
        child.start()
    for child in children:
        child.join()
    print("done", [child.exitcode for child in children])
