"""``proclab watch``: any Python script, every process it creates, from start to summary."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from engine import OutputLine, RunRecord
from engine.watch.interpreter import check_python, default_python
from engine.watch.watched_run import WatchedRun

from .console import Console
from .output_paths import check_outputs
from .run_command import EXIT_FAILED, EXIT_OK, EXIT_USAGE, write_outputs
from .stop_signals import FINISHING, STOPPING, StopRequested, StopSignals
from .summary import format_summary

#: How long the script's processes get to handle SIGTERM before SIGKILL.
STOP_GRACE_SECONDS = 1.0


def watch(args: argparse.Namespace) -> int:
    console = Console()
    try:
        return _watch(args, console)
    finally:
        console.drain()


def _check_script(path: Path) -> None:
    if not path.exists():
        raise ValueError(f"{path}: no such file")
    if not path.is_file():
        raise ValueError(f"{path}: not a file")
    try:
        with open(path, "rb") as script:
            script.read(1)
    except OSError as error:
        raise ValueError(f"{path}: cannot be read: {error.strerror or error}") from None


def _watch(args: argparse.Namespace, console: Console) -> int:
    script = Path(args.script)
    events: list = []

    def on_events(batch) -> None:
        # On the collector thread: nothing here may block on, or fail with, the terminal.
        events.extend(batch)
        if args.tag:
            for event in batch:
                if isinstance(event, OutputLine):
                    (console.out if event.stream == "stdout" else console.err)(f"[{event.worker}] {event.text}")

    try:
        _check_script(script)
        python = args.python or default_python()
        check_python(python) if args.python else None
        outputs = check_outputs(args)
        run = WatchedRun(script, args.script_args, on_events, python=python, start_method=args.start_method,
                         max_processes=args.max_processes, cwd=Path.cwd(),
                         output="capture" if args.tag else "tee", stdin_fd=_stdin())
    except ValueError as error:
        console.err(f"proclab watch: {error}")
        return EXIT_USAGE
    stopped_early = False
    with StopSignals(kill_now=run.kill) as signals:
        try:
            try:
                run.start()
            except OSError as error:
                console.err(f"proclab watch: cannot start {script}, nothing was started: {error}")
                return EXIT_USAGE
            signals.started()
            if run.join(timeout=args.timeout):
                stopped_early = True
                console.err(f"proclab watch: timeout after {args.timeout:g} s; stopping the script "
                            "(terminate, then kill)")
        except StopRequested as request:
            stopped_early = True
            console.err(f"proclab watch: {request}; stopping the script "
                        "(terminate, then kill after a grace period; signal again to kill at once)")
        signals.phase = STOPPING
        run.stop(STOP_GRACE_SECONDS)
        signals.phase = FINISHING
        try:
            return _finish(console, run, events, outputs, stopped_early, script)
        except StopRequested as request:
            console.err(f"proclab watch: {request} while writing the results; files not yet written were not")
            return EXIT_FAILED


def _stdin() -> int | None:
    """The script reads ProcLab's own standard input, if there is one."""
    try:
        os.fstat(0)
    except OSError:
        return None
    return 0 if sys.stdin is not None else None


def _finish(console: Console, run: WatchedRun, events: list, outputs: dict, stopped_early: bool,
            script: Path) -> int:
    if run.failure:
        console.err(f"proclab watch: {run.failure}")
    if run.malformed:
        console.err(f"proclab watch: {run.malformed} malformed record(s) from the script's processes were dropped")
    record = RunRecord(run.t0_ns)
    record.apply(events)
    console.out(format_summary(record, {name: _describe(worker) for name, worker in record.workers.items()}))
    written = write_outputs(outputs, record, console, f"script {script.name}")
    all_ok = (written and not stopped_early and run.failure is None and record.workers
              and all(worker.exitcode == 0 for worker in record.workers.values()))
    return EXIT_OK if all_ok else EXIT_FAILED


def _describe(worker) -> str:
    """The summary's kind column for a watched process: its role, and who started it."""
    if worker.role is None:
        return ""
    return worker.role if not worker.parent else f"{worker.role} of {worker.parent}"
