"""``proclab run``: an experiment from start to summary, with no window."""
from __future__ import annotations

import argparse
import contextlib
import threading
from pathlib import Path

from engine import LockAbandoned, OutputLine, RunRecord, Session
from engine.files.event_log import write_events_jsonl
from engine.files.events_csv import write_events_csv
from engine.files.experiment_file import Experiment, load_experiment, require_workers
from engine.files.trace_export import write_trace
from engine.lab.presets import PRESETS
from engine.model.start_methods import available_start_methods

from .cluster_option import ClusterUnavailable, open_cluster_run
from .console import Console
from .output_paths import check_outputs
from .stop_signals import FINISHING, STOPPING, StopRequested, StopSignals
from .summary import format_summary

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
#: How long the command line waits before it releases an abandoned lock.
RELEASE_DELAY_SECONDS = 0.2


def run(args: argparse.Namespace) -> int:
    console = Console()
    try:
        return _run(args, console)
    finally:
        console.drain()


def _run(args: argparse.Namespace, console: Console) -> int:
    with contextlib.ExitStack() as cleanup:  # a cluster's connection, closed (its LocalCluster shut down) last
        return _run_with(args, console, cleanup)


def _run_with(args: argparse.Namespace, console: Console, cleanup: contextlib.ExitStack) -> int:
    try:
        experiment = _load_experiment(args)
        if not args.start_method and experiment.start_method not in (None, *available_start_methods()):
            raise ValueError(
                f"{args.config}: start_method: {experiment.start_method!r} is not available on this "
                f"platform; choose one of {', '.join(available_start_methods())} with --start-method"
            )
        outputs = check_outputs(args)
        cluster = getattr(args, "cluster", None) or experiment.cluster
        if cluster:
            session = open_cluster_run(cluster, args, experiment, lambda batch: on_events(batch), console, cleanup)
        else:
            # --start-method wins over the file's; make_context refuses one this platform lacks.
            session = Session(experiment.workers, lambda batch: on_events(batch),
                              start_method=args.start_method or experiment.start_method)
    except ClusterUnavailable as error:
        console.err(f"proclab run: {error}; nothing was started")
        return EXIT_USAGE
    except ValueError as error:  # ExperimentFileError included: it names file and field
        console.err(f"proclab run: {error}")
        return EXIT_USAGE
    except (OSError, RuntimeError) as error:  # out of descriptors, semaphores, ...
        console.err(f"proclab run: cannot prepare the run, nothing was started: {error}")
        return EXIT_USAGE
    if session.descriptor_note:
        console.err(f"proclab run: {session.descriptor_note}")

    events = []

    def on_events(batch) -> None:
        # On the reader thread: nothing here may block on, or fail with, the terminal.
        events.extend(batch)
        for event in batch:
            if isinstance(event, OutputLine):
                (console.out if event.stream == "stdout" else console.err)(event.text)
            elif isinstance(event, LockAbandoned):
                # No one to click "Release lock" here: recover, and say so. Not at
                # once: if the holder released and died before it could report it,
                # the next holder's "acquired" is on its way and cancels this.
                console.err(f"proclab run: {event.worker} exited holding the shared lock; "
                            "releasing it so the waiting workers go on")
                timer = threading.Timer(RELEASE_DELAY_SECONDS, session.release_abandoned_lock)
                timer.daemon = True
                timer.start()

    stopped_early = False
    with StopSignals(kill_now=session.kill) as signals:
        try:
            try:
                session.start()
            except (OSError, RuntimeError) as error:  # no thread or pipe for the reader
                console.err(f"proclab run: cannot start the run, nothing was started: {error}")
                session.stop()
                return EXIT_USAGE
            signals.started()
            still_alive = session.join(timeout=args.timeout)
            if still_alive:
                stopped_early = True
                console.err(f"proclab run: timeout after {args.timeout:g} s; stopping {', '.join(still_alive)}")
        except StopRequested as request:
            stopped_early = True
            console.err(f"proclab run: {request}; stopping the workers "
                        "(terminate, then kill after a grace period; signal again to kill at once)")
        signals.phase = STOPPING
        session.stop()
        signals.phase = FINISHING
        try:
            return _finish(args, console, session, experiment, events, outputs, stopped_early)
        except StopRequested as request:
            console.err(f"proclab run: {request} while writing the results; files not yet written were not")
            return EXIT_FAILED


def _finish(args, console: Console, session: Session, experiment: Experiment, events: list,
            outputs: dict[str, Path], stopped_early: bool) -> int:
    if session.failure:
        console.err(f"proclab run: the run ended early: {session.failure}")
    for address, clock in getattr(session, "clocks", {}).items():
        console.err(f"proclab run: clock of {address}: {clock.describe()} (corrected)")
    record = RunRecord.for_names(session.t0_ns, session.names)
    record.apply(events)
    console.out(format_summary(record, {spec.name: spec.describe() for spec in experiment.workers}))
    written = write_outputs(outputs, record, console, _title(args))
    all_ok = (written and not stopped_early and session.failure is None
              and all(run.exitcode == 0 for run in record.workers.values()))
    return EXIT_OK if all_ok else EXIT_FAILED


def _load_experiment(args: argparse.Namespace) -> Experiment:
    if args.preset:
        return Experiment(PRESETS[args.preset]())
    return require_workers(load_experiment(Path(args.config)), Path(args.config))


def _title(args: argparse.Namespace) -> str:
    """What the trace calls the run: the preset or the experiment file's name."""
    return f"preset {args.preset}" if args.preset else Path(args.config).name


def write_outputs(outputs: dict[str, Path], record: RunRecord, console: Console, title: str = "ProcLab run") -> bool:
    """Write each requested file; one that fails is reported, the others still written."""
    ok = True
    if "events" in outputs:
        ok &= _write(console, outputs["events"], lambda path: write_events_jsonl(path, record.events, record.t0_ns))
    if "csv" in outputs:
        ok &= _write(console, outputs["csv"], lambda path: write_events_csv(path, record))
    if "trace" in outputs:
        ok &= _write(console, outputs["trace"], lambda path: write_trace(path, record, title))
    images = {kind: outputs[kind] for kind in ("png", "svg") if kind in outputs}
    if images:
        from engine.files.atomic_write import write_bytes_atomically
        from gui.timeline.export import widget_png_bytes, widget_svg_bytes
        from gui.timeline.offscreen_render import offscreen_timeline

        encoders = {"png": widget_png_bytes, "svg": widget_svg_bytes}
        with offscreen_timeline(record) as timeline:
            for kind, path in images.items():
                encode = encoders[kind]
                ok &= _write(console, path,
                             lambda path, encode=encode: write_bytes_atomically(path, encode(timeline.plot)))
    return ok


def _write(console: Console, path: Path, write) -> bool:
    try:
        write(path)
    except (OSError, ValueError) as error:
        console.err(f"proclab run: cannot write {path}: {getattr(error, 'strerror', None) or error}")
        return False
    console.out(f"wrote {path}")
    return True
