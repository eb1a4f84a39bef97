"""The floor for a launch burst: bare multiprocessing, 50 children at once.

Standard library only. Starts ``--workers`` children one after another with
the given start method (under forkserver the server preloads this module
plus runpy and pkgutil, as ProcLab's engine preloads its worker module plus
those); each child sends, as plain tuples over its own ``Pipe(duplex=False)``,
what a ProcLab sleep worker sends: a start stamp, two lines around a sleep
of 1-2 s, an end stamp. One parent thread waits on all pipes with
``multiprocessing.connection.wait`` and takes ``perf_counter_ns() - t_ns``
per message. Prints one JSON object: {"samples": [[kind, latency_ns,
during_burst], ...]}, where during_burst means sent no later than the last
child's start stamp.

    python bench/bare_burst.py --method forkserver --workers 50
"""
import time

MODULE_NAME = "bare_burst"


def child(conn, interval):
    conn.send(("start", time.perf_counter_ns()))
    conn.send(("output", time.perf_counter_ns()))
    time.sleep(interval)
    conn.send(("output", time.perf_counter_ns()))
    conn.send(("end", time.perf_counter_ns()))
    conn.close()


def burst(context, target, workers):
    """Launch the children from this thread while a reader thread reads."""
    import collections
    import threading
    from multiprocessing.connection import wait

    samples = []
    incoming = collections.deque()
    wake_reader, wake_writer = context.Pipe(duplex=False)

    def read(expected):
        live, closed = [], 0
        while closed < expected:
            for conn in wait([wake_reader, *live]):
                if conn is wake_reader:
                    wake_reader.recv_bytes()
                    while incoming:
                        live.append(incoming.popleft())
                    continue
                try:
                    kind, sent_ns = conn.recv()
                except EOFError:
                    live.remove(conn)
                    conn.close()
                    closed += 1
                    continue
                samples.append((kind, time.perf_counter_ns() - sent_ns, sent_ns))

    reader_thread = threading.Thread(target=read, args=(workers,))
    reader_thread.start()
    processes = []
    for index in range(workers):
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=target, args=(writer, 1.0 + index / workers), daemon=True)
        process.start()
        writer.close()
        incoming.append(reader)
        wake_writer.send_bytes(b"!")
        processes.append(process)
    reader_thread.join()
    for process in processes:
        process.join()
        process.close()
    wake_reader.close()
    wake_writer.close()
    last_start = max(sent for kind, _, sent in samples if kind == "start")
    return [[kind, latency, sent <= last_start] for kind, latency, sent in samples]


def main(argv=None):
    import argparse
    import json
    import multiprocessing
    import sys

    parser = argparse.ArgumentParser(description="Bare multiprocessing launch-burst latency, stdlib only.")
    parser.add_argument("--method", required=True, choices=multiprocessing.get_all_start_methods())
    parser.add_argument("--workers", type=int, default=50)
    args = parser.parse_args(argv)
    context = multiprocessing.get_context(args.method)
    target = child
    if args.method == "forkserver":
        import os

        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        context.set_forkserver_preload([MODULE_NAME, "runpy", "pkgutil"])
        target = __import__(MODULE_NAME).child  # from the preloaded module, not __main__
    warm_reader, warm_writer = context.Pipe(duplex=False)
    warm = context.Process(target=target, args=(warm_writer, 0.0), daemon=True)
    warm.start()  # under forkserver this also starts the server
    warm_writer.close()
    while True:
        try:
            warm_reader.recv()
        except EOFError:
            break
    warm.join()
    print(json.dumps({"samples": burst(context, target, args.workers)}))


if __name__ == "__main__":
    main()
