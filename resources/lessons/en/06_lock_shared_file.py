"""Lesson 6: a Lock guarding a shared file.

Three workers append three lines each to the same file. Each worker holds
the Lock while it writes its lines, so no other worker can write in between:
the file shows each worker's lines together, one block after another.
Without the lock the blocks could be interleaved.

The file is created in a temporary folder, printed at the end and removed.
Exits with 0.
"""
import multiprocessing
import os
import tempfile
import time


def write_lines(lock, path, name):
    # "with lock" acquires the lock and releases it at the end of the block,
    # even if the block raises an exception.
    with lock:
        for n in range(3):
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"{name} line {n + 1}\n")
            # A short pause while holding the lock: the others must wait.
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
