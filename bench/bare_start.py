"""Bare multiprocessing start cost: the baseline for bench/start_cost.py.

Standard library only, on purpose: under spawn (and forkserver on 3.11) the
child re-runs the main module, so this script's module level imports nothing
but ``time`` (``multiprocessing`` is loaded in the child anyway).

One sample: a ``Pipe(duplex=False)``, a daemon ``Process`` whose target's
first line sends ``time.perf_counter_ns()`` back, and the parent's
``perf_counter_ns()`` read just before ``start()``.

    python bench/bare_start.py --method forkserver --samples 20

prints one JSON object with every sample. With ``--serve`` it instead
measures one start per line read from stdin and answers each with a JSON
line, so bench/start_cost.py can interleave bare and engine samples.

Under forkserver this script preloads itself by module name, plus runpy,
pkgutil and popen_forkserver (``set_forkserver_preload(["bare_start", "runpy",
"pkgutil", "multiprocessing.popen_forkserver"])``), as
the engine preloads its worker module plus those. (``"__main__"`` would be a silent no-op on Python 3.11: the
forkserver looks for a ``main_path`` key that ``get_preparation_data`` never
provides.) Warm-up starts (``--warmup``, default 1) run first and are not
reported; under forkserver the first one also starts the server.
"""
import time

MODULE_NAME = "bare_start"


def target(conn):
    conn.send(time.perf_counter_ns())
    conn.close()


def one_start(context, target_function):
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=target_function, args=(writer,), daemon=True)
    launched_ns = time.perf_counter_ns()
    process.start()
    writer.close()
    started_ns = reader.recv()
    process.join()
    reader.close()
    process.close()
    return started_ns - launched_ns


def main(argv=None):
    import argparse
    import json
    import multiprocessing
    import sys

    parser = argparse.ArgumentParser(description="Bare multiprocessing start() to first line, stdlib only.")
    parser.add_argument("--method", required=True, choices=multiprocessing.get_all_start_methods())
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--serve", action="store_true", help="one sample per stdin line, one JSON line each")
    parser.add_argument("--no-preload", action="store_true", help="forkserver: preload nothing")
    args = parser.parse_args(argv)

    context = multiprocessing.get_context(args.method)
    preload = []
    target_function = target
    if args.method == "forkserver" and not args.no_preload:
        # The target must come from the module the server preloaded, not
        # from __main__, or the preload buys the child nothing.
        import bare_start

        # Also what every child imports to re-run the main module, and to
        # unpickle its pipe end (popen_forkserver._DupFd), as the engine
        # preloads them (engine/model/start_methods.py): like for like.
        preload = [MODULE_NAME, "runpy", "pkgutil", "multiprocessing.popen_forkserver"]
        context.set_forkserver_preload(preload)
        target_function = bare_start.target
    for _ in range(args.warmup):
        one_start(context, target_function)

    header = {"method": args.method, "warmup": args.warmup, "preload": preload}
    if args.serve:
        print(json.dumps(header), flush=True)
        for _ in sys.stdin:
            print(json.dumps({"sample_ns": one_start(context, target_function)}), flush=True)
        return
    samples_ns = [one_start(context, target_function) for _ in range(args.samples)]
    print(json.dumps({**header, "samples_ns": samples_ns}))


if __name__ == "__main__":
    main()
