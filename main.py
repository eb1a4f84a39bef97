"""ProcLab: double-click entry point for the window, and the command line.

Qt is imported lazily, inside functions: spawn and forkserver children
re-import this module, and must not pay for (or run) Qt.

Frozen by PyInstaller (make bundle), every helper process multiprocessing
starts is this same executable run again: spawn workers, the forkserver and
the resource tracker. freeze_support() turns such a run into the helper it
should be before any of ProcLab runs, so it stays the first statement under
the main guard. With it, all three start methods work frozen on Linux
(tests/test_bundle.py runs the bundle), so the default stays forkserver.
"""
import multiprocessing
import sys


def main(argv=None) -> int:
    """``proclab``: the window (``proclab SCRIPT.py``: showing that script), or a command (``proclab run ...``)."""
    from cli.arguments import parse_arguments

    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    from engine.run.descriptor_limit import fit_descriptor_limit

    # Before any forkserver starts (it keeps the limit it started with): room
    # for 1,000 workers where the hard limit allows. A session asks again for
    # what it needs, and says so if that cannot be had.
    fit_descriptor_limit(1000)
    if args.command == "run":
        from cli.run_command import run

        return run(args)
    if args.command == "watch":
        from cli.watch_command import watch

        return watch(args)
    from gui.app import run_app

    return run_app([sys.argv[0]], start_method=args.start_method, script=args.window_script)


def cli_main(argv=None) -> int:
    """``proclab-cli``: the same program, for consoles."""
    return main(argv)


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
