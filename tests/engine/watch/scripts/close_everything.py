"""Closes every descriptor above stderr, then puts its own file and socket at their numbers.

Run as ``close_everything.py FILE``: after ``os.closerange(3, 65536)`` the
script opens FILE and a socket pair and copies them onto descriptors 900
to 963 (where a watcher would keep its own), then prints, starts two
processes (and an ``os.fork`` child) that print and check those
descriptors, and writes what it saw into FILE. Nothing but the script
may write to FILE or the socket pair, or close their descriptors.
"""
import multiprocessing
import os
import socket
import sys

HIGH = range(900, 964)


def ours_still(expected):
    """The descriptors in HIGH that no longer hold what the script put there."""
    wrong = []
    for fd in HIGH:
        try:
            if os.fstat(fd).st_ino != expected[fd]:
                wrong.append(fd)
        except OSError:
            wrong.append(fd)
    return wrong


def child(number, expected, inherited):
    wrong = ours_still(expected) if inherited else []
    print(f"child {number} says hello; descriptors changed: {wrong}", flush=True)
    sys.exit(len(wrong))


if __name__ == "__main__":
    os.closerange(3, 65536)
    with open(sys.argv[1], "w", encoding="utf-8") as log:
        ours, theirs = socket.socketpair()
        for fd in HIGH:
            os.dup2(log.fileno() if fd % 2 else ours.fileno(), fd)
        expected = {fd: os.fstat(fd).st_ino for fd in HIGH}
        print("closed everything", flush=True)
        log.write("the script's own line\n")
        log.flush()
        inherited = multiprocessing.get_start_method() == "fork"
        children = [multiprocessing.Process(target=child, args=(n, expected, inherited)) for n in (1, 2)]
        for process in children:
            process.start()
        forked = os.fork()
        if forked == 0:
            wrong = ours_still(expected)
            print(f"fork child says hello; descriptors changed: {wrong}", flush=True)
            os._exit(len(wrong))
        for process in children:
            process.join()
        _, status = os.waitpid(forked, 0)
        print("exit codes", [process.exitcode for process in children], os.waitstatus_to_exitcode(status),
              flush=True)
        print("to stderr", file=sys.stderr, flush=True)
        theirs.setblocking(False)
        try:
            stray = theirs.recv(65536)
        except BlockingIOError:
            stray = b""
        log.write(f"socket received {len(stray)} bytes {stray[:200]!r}\n")
        wrong = ours_still(expected)
        log.write(f"descriptors changed: {wrong}\n")
    sys.exit(9 if stray or wrong else 0)
