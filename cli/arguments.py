"""The command line's grammar and its --help."""
from __future__ import annotations

import argparse
import math

from engine.presets import PRESETS
from engine.start_methods import available_start_methods

DESCRIPTION = """\
ProcLab shows how Python multiprocessing really runs.

Without a command it opens the window. "run" starts an experiment's
workers as real multiprocessing.Process objects without a window, prints
what they print as it arrives, waits for them, prints a summary table
and writes the files you ask for."""

RUN_EPILOG = """\
experiment file (JSON, UTF-8):
  {"schema_version": 1,
   "workers": [{"name": "worker1", "interval": 2.0},
               {"name": "worker2", "interval": 3.0}]}
  name: unique, 1 to 64 printable characters, no leading/trailing space
  interval: seconds the worker sleeps, a finite number, 0 < interval <= 86400
  Unknown keys, wrong types, duplicate names, NaN/Infinity and a newer
  schema_version are refused with a message naming the file and field.

events file (--events, JSON Lines): one object per event with
  kind (launch, start, output, end, exit), worker, pid, t (seconds since
  the run started) and, for exits, exitcode; output lines carry text and
  stream.

exit status:
  0  every worker ended with exit code 0
  1  a worker failed, was terminated or killed, the timeout hit, or an
     output file could not be written (the others are still written)
  2  bad arguments or a bad experiment file (nothing was started)

examples:
  python main.py run --preset seed --png seed.png --svg seed.svg --events seed.jsonl
  python main.py run experiment.json --timeout 10"""


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds above 0: {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="proclab", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='Run "proclab run --help" for the command line and the experiment file format.',
    )
    methods = available_start_methods()
    start_method_help = (
        "multiprocessing start method for the workers: " + ", ".join(methods)
        + " (default: forkserver where available, else spawn)"
    )
    parser.add_argument("--start-method", choices=methods,
                        help=start_method_help + "; the window refuses fork, which is unsafe once Qt runs")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run", help="run an experiment without a window",
        description="Run an experiment's workers without a window.",
        epilog=RUN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = run.add_mutually_exclusive_group(required=True)
    source.add_argument("config", nargs="?", metavar="CONFIG.json", help="experiment file to run")
    source.add_argument("--preset", choices=sorted(PRESETS),
                        help="a built-in experiment; seed: worker1..3 sleeping 2, 3 and 4 s")
    run.add_argument("--png", metavar="FILE", help="write the timeline as a PNG image")
    run.add_argument("--svg", metavar="FILE", help="write the timeline as an SVG image")
    run.add_argument("--events", metavar="FILE", help="write every event as JSON Lines")
    run.add_argument("--timeout", metavar="SECONDS", type=_positive_seconds,
                     help="stop the workers (terminate, then kill) if they have not ended by then")
    run.add_argument("--start-method", choices=methods, default=argparse.SUPPRESS, help=start_method_help)
    return parser


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None and args.start_method == "fork":
        parser.error("--start-method fork is not offered for the window: forking a process that "
                     "runs Qt's threads can deadlock the child; use forkserver or spawn "
                     "(the run command may use fork)")
    return args
