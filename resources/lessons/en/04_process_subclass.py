"""Lesson 4: a Process subclass that overrides run().

Instead of passing target= to Process, a class can inherit from Process and
put the child's work in run(). start() creates the child process, and the
child calls run(). Calling run() directly would run it in the main process,
with no new process at all.

The class must be defined at the top level of the module: under spawn and
forkserver the child imports this file to find it. Prints the time three
times from the child, then "end main". Exits with 0.
"""
import multiprocessing
import time


class ClockProcess(multiprocessing.Process):
    def __init__(self, interval):
        # Call Process.__init__ first; it sets up the name, pid and so on.
        super().__init__()
        self.interval = interval

    def run(self):
        # This is what runs in the child process.
        for n in range(3):
            print(f"{self.name}: the time is {time.ctime()} (tick {n + 1})", flush=True)
            time.sleep(self.interval)


if __name__ == "__main__":
    p = ClockProcess(0.3)
    p.start()
    p.join()
    print("exit code:", p.exitcode, flush=True)
    print("end main", flush=True)
