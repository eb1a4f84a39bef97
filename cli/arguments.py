"""The command line's grammar and its --help."""
from __future__ import annotations

import argparse
import math
import threading
from pathlib import Path

from engine.lab.presets import PRESET_DESCRIPTIONS, PRESETS
from engine.model.cluster_address import DEFAULT_CONNECT_TIMEOUT, parse_cluster
from engine.model.start_methods import available_start_methods

DESCRIPTION = """\
ProcLab shows how Python multiprocessing really runs.

Without a command it opens the window; "proclab SCRIPT.py" opens it
showing that script, which runs only when you ask (Run script). "run"
starts an experiment's workers as real multiprocessing.Process objects
without a window, prints what they print as it arrives, waits for them,
prints a summary table and writes the files you ask for. "watch" does
the same for any Python script: one row per process it creates."""

RUN_EPILOG = """\
experiment file (JSON, UTF-8):
  {"schema_version": 2,
   "start_method": "forkserver",
   "cluster": "local:2",
   "workers": [{"name": "worker1", "interval": 2.0, "kind": "sleep"},
               {"name": "talk", "interval": 1.0, "kind": "messages", "messages": 20},
               {"name": "boom", "interval": 1.0, "kind": "crash",
                "crash": "sys.exit", "exit_status": 4}]}
  name: 1 to 64 printable characters, no leading/trailing space, unique
    even ignoring case and Unicode form (NFKC): Worker and worker are one name
  interval: seconds of work, a finite number, 0 < interval <= 86400
  kind: sleep (default), cpu, lock, messages, crash or stubborn; nothing else runs
  messages: 1 to 10000 (messages workers only)
  crash: exception, sys.exit, os._exit, sigkill or segfault (crash only)
  exit_status: 1 to 255, for crash sys.exit and os._exit
  start_method (optional): spawn, forkserver or fork; --start-method wins
  cluster (optional): where the workers run, as --cluster says; --cluster wins
  Version 1 files (name and interval only) load as sleep workers.
  Unknown keys, wrong types, duplicate names, NaN/Infinity and a newer
  schema_version are refused with a message naming the file and field;
  "run" also refuses an empty worker list (nothing to start).

events file (--events, JSON Lines): one object per event with kind
  (launch, start, output, lock_wait, lock_acquired, lock_released,
  lock_abandoned, lock_recovered, message, ping, round_trip, end, exit,
  join, resources; a cluster run's also have placed and lost; a watched
  script's runs also have process, call, named_lock_wait,
  named_lock_acquired, named_lock_released, pipe_send, pipe_recv,
  queue_put, queue_get, task_begin, task_end), worker, pid, t (seconds
  since the run started) and the event's own fields (exitcode, text and
  stream, index and count, seq, rtt_ns, alive, cpu_percent and rss_bytes;
  host, address and queued_s; reason; role, parent, parent_pid and
  command; call, target, target_pid and seconds; lock; channel and seq;
  queue; task and ok).
  A worker that exits holding the shared Lock is reported and the lock
  released, so the waiting workers go on.

events table (--csv, UTF-8, RFC 4180): a header row, then one row per
  event in the order they arrived, with the columns t (seconds since the
  run started), kind, worker, pid, text, stream, exitcode, index, count,
  seq, rtt_ns, alive, cpu_percent, rss_bytes, then a watched script's
  role, parent, parent_pid, command, call, target, target_pid, seconds,
  lock, channel, queue, task, ok, then a cluster run's host, address,
  queued_s, reason (new columns only ever come at the end).
  A cell is blank where the field does not apply to that kind of event or
  is unknown. A text cell (worker, text, command, a lock or task name...)
  that starts with =, +, -, @, a tab or a carriage return
  gets a single quote in front ('=1+2), so a spreadsheet shows it as text
  and never runs it as a formula; numbers (an exitcode of -9) stay numbers.

trace (--trace, Chrome Trace Event JSON): open it in ui.perfetto.dev or
  chrome://tracing. One process, "ProcLab run: NAME", with one track per
  worker in table order: a span for each worker's run with "waiting for
  lock" and "holding lock" spans inside it, marks for start() called, each
  message, join(), the exit (code and meaning) and printed lines (the
  first 1000 per worker), and cpu and memory counters where the run has
  resource samples (the window takes them; "run" does not). A watched
  script's run adds a span per Pool task inside its process's run, an
  arrow (flow) from each Pipe send to its receive, marks for Queue put
  and get and for join(), terminate() and kill() calls, the lock's name
  in each lock span's args, and each process's role, parent and command
  in its track's and its run span's args. Times are
  microseconds since the run started; each worker's real pid is in args.
  The key "proclab" holds every event as in the events file.

exit status:
  0  every worker ended with exit code 0
  1  a worker failed, was terminated or killed, the timeout hit, the run
     was stopped by a signal, or an output file could not be written (the
     others are still written)
  2  bad arguments, a bad experiment file, an output path that cannot be
     used, or a cluster that cannot be reached in time (nothing was started)

on a Dask cluster (pip install 'proclab[dask]'):
  --cluster local[:N] starts a distributed.LocalCluster on 127.0.0.1 with N
  Dask worker processes (default: one per CPU) and shuts it down after the
  run; --cluster tcp://HOST:PORT uses a running scheduler ("dask scheduler",
  then "dask worker tcp://HOST:PORT" on each machine, each with ProcLab
  installed). Each worker is placed on a Dask worker in turn and is a real
  process there, started by ProcLab's own engine inside a Dask task; the
  summary gains a host column, every time is corrected by that machine's
  clock offset (printed with its error), the shared Lock is a
  distributed.Lock, and a Dask worker that leaves mid-run shows its workers
  as "lost". A scheduler not reached within --connect-timeout (default
  10 s) is exit status 2, with the address and the reason.

signals: Ctrl+C, SIGTERM and SIGHUP stop the workers (terminate, 1 s grace,
  kill) and the summary and files follow; a second one kills at once.

examples:
  python main.py run --preset seed --png seed.png --svg seed.svg --events seed.jsonl
  python main.py run --preset lock --trace lock.trace.json --csv lock.csv
  python main.py run experiment.json --timeout 10
  python main.py run --preset seed --cluster local:2
  python main.py run --preset lock --cluster tcp://10.0.0.5:8786 --trace lock.trace.json"""


#: The longest --timeout: far beyond the longest worker (86400 s), and one
#: threading can wait for (above threading.TIMEOUT_MAX a wait overflows).
TIMEOUT_MAX_SECONDS = min(1_000_000.0, threading.TIMEOUT_MAX)


def _timeout_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds above 0: {text!r}")
    if value > TIMEOUT_MAX_SECONDS:
        days = TIMEOUT_MAX_SECONDS / 86400
        raise argparse.ArgumentTypeError(
            f"must be at most {TIMEOUT_MAX_SECONDS:,.0f} seconds (about {days:.0f} days): {text!r}")
    return value


def _cluster(text: str) -> str:
    try:
        parse_cluster(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return text.strip()


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
                        help=start_method_help + "; the window asks once before it uses fork, "
                        "which is unsafe once Qt runs")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run", help="run an experiment without a window",
        description="Run an experiment's workers without a window.",
        epilog=RUN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = run.add_mutually_exclusive_group(required=True)
    source.add_argument("config", nargs="?", metavar="CONFIG.json", help="experiment file to run")
    source.add_argument("--preset", choices=list(PRESETS),
                        help="a built-in experiment; " + "; ".join(
                            f"{name}: {text}" for name, text in PRESET_DESCRIPTIONS.items()))
    run.add_argument("--png", metavar="FILE", help="write the timeline as a PNG image")
    run.add_argument("--svg", metavar="FILE", help="write the timeline as an SVG image")
    run.add_argument("--events", metavar="FILE", help="write every event as JSON Lines")
    run.add_argument("--csv", metavar="FILE", help="write every event as a CSV table (one row per event)")
    run.add_argument("--trace", metavar="FILE",
                     help="write a Chrome Trace Event JSON file to open in ui.perfetto.dev")
    run.add_argument("--timeout", metavar="SECONDS", type=_timeout_seconds,
                     help="stop the workers (terminate, then kill) if they have not ended by then; "
                     f"more than 0, at most {TIMEOUT_MAX_SECONDS:,.0f}")
    run.add_argument("--start-method", choices=methods, default=argparse.SUPPRESS, help=start_method_help)
    run.add_argument("--cluster", metavar="WHERE", type=_cluster,
                     help="run the workers on a Dask cluster: local, local:N (a LocalCluster of N Dask "
                     "workers started for this run) or tcp://HOST:PORT (a running scheduler); see below")
    run.add_argument("--connect-timeout", metavar="SECONDS", type=_timeout_seconds,
                     default=DEFAULT_CONNECT_TIMEOUT,
                     help="how long to try to reach the cluster before giving up, nothing started "
                     f"(default {DEFAULT_CONNECT_TIMEOUT:g})")
    _add_watch(commands, methods)
    return parser


WATCH_EPILOG = """\
ProcLab's own options may come before or after the script; everything
else after SCRIPT.py goes to the script, in order, and so does everything
after "--".

The script runs as "python SCRIPT.py ARGS" in its own folder, in a
process group of its own, with ProcLab's agent loaded in every Python
process it starts (children, Pool workers, the forkserver, subprocesses).
The agent reports over a private socket as plain JSON; the script's
output, exit status, start method choice and file descriptors stay its
own. Without --tag its output reaches this terminal unchanged; with --tag
each line is printed once, prefixed by "[process] ".

exit status:
  0  the script and every process it started ended with exit code 0
  1  the script or one of its processes did not (a Pool's workers are
     terminated by Pool.terminate(): -15), the timeout hit, the run was
     stopped by a signal, or an output file could not be written
  2  bad arguments, a script or interpreter that cannot be used, or an
     output path that cannot be used (nothing was started)

examples:
  python main.py watch resources/lessons/en/03_three_workers.py --tag
  python main.py watch homework.py input.txt --timeout 60 --trace homework.trace.json"""

#: The watch command's own options and how many values each takes.
_WATCH_OPTIONS = {"--start-method": 1, "--timeout": 1, "--python": 1, "--png": 1, "--svg": 1, "--trace": 1,
                  "--csv": 1, "--events": 1, "--max-processes": 1, "--tag": 0, "-h": 0, "--help": 0}


def _process_limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 10000:
        raise argparse.ArgumentTypeError(f"must be 1 to 10000: {text!r}")
    return value


def _add_watch(commands, methods: list[str]) -> None:
    watch = commands.add_parser(
        "watch", help="run any Python script and watch every process it creates",
        description="Run a Python script and watch every process it creates, without a window.",
        epilog=WATCH_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="proclab watch SCRIPT.py [ARGS...] [--start-method M] [--timeout S] [--python PATH] "
              "[--png F] [--svg F] [--trace F] [--csv F] [--events F] [--tag] [--max-processes N]")
    watch.add_argument("script", metavar="SCRIPT.py", help="the Python script to run")
    watch.add_argument("--start-method", choices=methods, default=None,
                       help="the start method multiprocessing uses when the script does not choose "
                       "one itself (default: the script's and Python's own)")
    watch.add_argument("--timeout", metavar="SECONDS", type=_timeout_seconds,
                       help="stop the script (terminate, then kill) if it has not ended by then")
    watch.add_argument("--python", metavar="PATH",
                       help="the Python (3.10 to 3.13) that runs the script (default: ProcLab's own)")
    watch.add_argument("--png", metavar="FILE", help="write the timeline as a PNG image")
    watch.add_argument("--svg", metavar="FILE", help="write the timeline as an SVG image")
    watch.add_argument("--events", metavar="FILE", help="write every event as JSON Lines")
    watch.add_argument("--csv", metavar="FILE", help="write every event as a CSV table")
    watch.add_argument("--trace", metavar="FILE", help="write a Chrome Trace Event JSON file for ui.perfetto.dev")
    watch.add_argument("--tag", action="store_true",
                       help='prefix each line of output with "[process] " (its row\'s name)')
    watch.add_argument("--max-processes", metavar="N", type=_process_limit, default=500,
                       help="stop the script if it starts more processes than this (default 500)")


def _split_watch(argv: list[str]) -> tuple[list[str], list[str]]:
    """``watch``'s arguments: (ProcLab's, the script's). See WATCH_EPILOG."""
    ours, theirs, index, script_seen = [], [], 0, False
    while index < len(argv):
        token = argv[index]
        if token == "--":
            theirs += argv[index + 1:]
            break
        option = token.split("=", 1)[0]
        if option in _WATCH_OPTIONS:
            takes = 0 if "=" in token else _WATCH_OPTIONS[option]
            ours += argv[index:index + 1 + takes]
            index += 1 + takes
            continue
        if script_seen:
            theirs.append(token)
        else:
            ours.append(token)
            script_seen = not token.startswith("-")
        index += 1
    return ours, theirs


#: The top-level options that take a value, for finding ``proclab SCRIPT.py``'s script.
_TOP_LEVEL_OPTIONS = {"--start-method": 1}


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    return {name for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name in action.choices}


def _window_script(parser: argparse.ArgumentParser, argv: list[str]) -> int | None:
    """Where ``proclab [OPTIONS] SCRIPT.py`` names the script the window shows; None for a command or none."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--":
            return index + 1 if index + 1 < len(argv) else None
        if token.startswith("-"):
            option = token.split("=", 1)[0]
            index += 1 + (0 if "=" in token else _TOP_LEVEL_OPTIONS.get(option, 0))
            continue
        return None if token in _commands(parser) else index
    return None


def _parse_window(parser: argparse.ArgumentParser, argv: list[str], at: int) -> argparse.Namespace:
    """``proclab SCRIPT.py``: the window, showing the script (a subcommand's grammar does not apply)."""
    script = argv[at]
    rest = [token for token in argv[:at] if token != "--"] + argv[at + 1:]
    extra = [token for token in argv[at + 1:] if not token.startswith("-")]
    if extra:
        parser.error(f"the window shows one script; {' '.join(extra)!r} is one too many "
                     f"(to pass arguments to a script, use: proclab watch {script} ARGS...)")
    if not Path(script).is_file():
        parser.error(f"{script}: no such script, and no command of that name ({', '.join(sorted(_commands(parser)))})")
    args = parser.parse_args(rest)
    args.window_script = script
    return args


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = build_parser()
    parser.set_defaults(window_script=None)
    at = _window_script(parser, argv)
    if at is not None:
        return _parse_window(parser, argv, at)
    position = argv.index("watch") if "watch" in argv else -1
    if position >= 0 and all(token.startswith("-") for token in argv[:position]):
        ours, theirs = _split_watch(argv[position + 1:])
        args = parser.parse_args(argv[:position + 1] + ours)
        args.script_args = theirs
        return args
    return parser.parse_args(argv)
