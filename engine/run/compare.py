"""Compare mode: the same workers as threads, then as processes, on one time axis.

How data flows::

    specs --run_compare()--> ThreadRun (threads of this process)  --> RunRecord "threads"
                        then Session (one process per worker)     --> RunRecord "processes"
                                                                          |
    CompareResult: both records, each wall time, speedup, cpu_count() <--+
        .merged_record()  one RunRecord, rows "threads · NAME" then
                          "processes · NAME", each run's time 0 at its own start
        .to_json()        plain JSON values (the window saves them beside an export)
        .figures() / .lessons() / .summary()   the words, English or translated

The two runs never overlap: threads first, then processes, so neither takes
cores from the other. A run's wall time is from its ``start()`` to the last
worker's ``WorkerExited`` (``perf_counter_ns``): for processes that includes
starting them, which is part of what processes cost (the first forkserver
run in a program also starts the server, some 50-100 ms). cpu work is calibrated
once, before either run, so both get the same fixed amount of work.

What to expect: cpu workers hold the GIL, so as threads they take turns on
one core, and as processes they finish about min(cores, workers) times
sooner; sleep workers release the GIL, so both ways take about as long.

``run_compare`` blocks until both runs are over (seconds): call it from a
worker thread, or use ``CompareRun``, which does that for you. Crash
workers are refused: as threads they would take ProcLab down with them.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable

from engine.model.events import Event
from engine.model.run_record import RunRecord
from engine.model.spec import WorkerSpec, validate_specs
from engine.model.start_methods import available_start_methods, default_start_method
from engine.model.wording import N_, Translate, english

from .cpu_calibration import units_per_second
from .session import Session
from .thread_run import ThreadRun, refuse_unsafe_kinds

#: ``to_json()``'s "schema" value.
SCHEMA = "proclab.compare/1"
PHASES = ("threads", "processes")
#: Between the phase and the worker's name in a merged row: "threads · worker1".
ROW_SEPARATOR = " · "

#: What ``CompareResult.figures`` and ``.lessons`` say (``engine.model.wording``).
_FIGURES = N_("threads: {threads:.2f} s · processes: {processes:.2f} s · speedup {speedup:.2f}× · "
              "cpu_count() = {cpus}")
_ONE_WORKER = N_("1 worker · start method {method} · the process's time includes starting it")
_WORKERS = N_("{count} workers · start method {method} · the processes' time includes starting them")
_CPU_LESSON = N_("cpu work holds the GIL: threads take turns on one core, processes each get one "
                 "(at best about {best}× faster here)")
_SLEEP_LESSON = N_("sleeping releases the GIL: threads wait side by side as well as processes do")

#: ``subscriber(phase, events)``: phase is "threads" or "processes".
PhaseSubscriber = Callable[[str, list[Event]], None]


def row_name(phase: str, name: str) -> str:
    return f"{phase}{ROW_SEPARATOR}{name}"


@dataclass
class CompareResult:
    threads_record: RunRecord
    processes_record: RunRecord
    threads_wall_s: float
    processes_wall_s: float
    cpu_count: int | None
    start_method: str
    names: list[str]
    kinds: dict[str, str] = field(default_factory=dict)  #: worker name -> kind

    @property
    def speedup(self) -> float:
        """How many times sooner the processes finished: threads wall / processes wall."""
        return self.threads_wall_s / self.processes_wall_s

    @property
    def ratio(self) -> float:
        """processes wall / threads wall (below 1: processes were faster)."""
        return self.processes_wall_s / self.threads_wall_s

    def records(self) -> dict[str, RunRecord]:
        return {"threads": self.threads_record, "processes": self.processes_record}

    def merged_record(self) -> RunRecord:
        """Both runs in one record: every worker as "threads · NAME", then as
        "processes · NAME"; each run's times shifted so that it starts at 0."""
        merged = RunRecord.for_names(0, [row_name(phase, name) for phase in PHASES for name in self.names])
        for phase, record in self.records().items():
            with record.lock:
                events, t0_ns = list(record.events), record.t0_ns
            merged.apply(
                replace(event, worker=row_name(phase, event.worker), t_ns=event.t_ns - t0_ns) for event in events
            )
        return merged

    def to_json(self) -> dict:
        """Plain JSON values: wall times, speedup, machine, per-worker figures for both runs."""
        workers = []
        for name in self.names:
            entry = {"name": name, "kind": self.kinds.get(name)}
            for phase, record in self.records().items():
                run = record.workers.get(name)
                entry[phase] = {
                    "start_s": _rounded(run.start_s if run else None),
                    "end_s": _rounded(run.bar_end_s if run else None),
                    "duration_s": _rounded(run.duration_s() if run else None),
                    "exitcode": run.exitcode if run else None,
                }
            workers.append(entry)
        return {
            "schema": SCHEMA,
            "start_method": self.start_method,
            "cpu_count": self.cpu_count,
            "threads_wall_s": _rounded(self.threads_wall_s),
            "processes_wall_s": _rounded(self.processes_wall_s),
            "speedup": round(self.speedup, 4),
            "ratio": round(self.ratio, 4),
            "workers": workers,
        }

    def figures(self, translate: Translate = english) -> str:
        """One line: each wall time, the speedup and ``cpu_count()`` (the timeline's caption)."""
        return translate(_FIGURES).format(threads=self.threads_wall_s, processes=self.processes_wall_s,
                                          speedup=self.speedup, cpus=self.cpu_count)

    def lessons(self, translate: Translate = english) -> list[str]:
        """One or two lines: what was run, and what the figures mean for its kinds."""
        count = len(self.names)
        lines = [translate(_ONE_WORKER if count == 1 else _WORKERS).format(count=count, method=self.start_method)]
        kinds = set(self.kinds.values())
        if "cpu" in kinds:
            cpu_workers = sum(kind == "cpu" for kind in self.kinds.values())
            lines.append(translate(_CPU_LESSON).format(best=min(self.cpu_count or 1, cpu_workers)))
        elif kinds and kinds <= {"sleep", "messages"}:
            lines.append(translate(_SLEEP_LESSON))
        return lines

    def summary(self, translate: Translate = english) -> str:
        """The figures, then the lessons: two or three lines for a status bar, a log or the command line."""
        return "\n".join([self.figures(translate), *self.lessons(translate)])


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def check_compare(specs: Iterable[WorkerSpec], start_method: str | None = None) -> tuple[list[WorkerSpec], str]:
    """The specs and start method compare mode would run, or ValueError (SpecError is one)."""
    specs = validate_specs(specs)
    if not specs:
        raise ValueError("compare mode needs at least one worker")
    refuse_unsafe_kinds(specs)
    start_method = start_method or default_start_method()
    if start_method not in available_start_methods():
        raise ValueError(
            f"start method {start_method!r} is not available here; choose one of "
            + ", ".join(available_start_methods())
        )
    return specs, start_method


class CompareCancelled(Exception):
    """``cancel`` was set: the comparison stopped before its end."""


#: How often a waiting comparison looks at its ``cancel`` event.
CANCEL_POLL_SECONDS = 0.05


def run_compare(
    specs: Iterable[WorkerSpec],
    start_method: str | None = None,
    subscriber: PhaseSubscriber | None = None,
    timeout: float | None = None,
    cancel: threading.Event | None = None,
) -> CompareResult:
    """Run ``specs`` as threads, then as processes, and compare. Blocks until both are over.

    ``subscriber(phase, events)`` sees every event as it arrives (from each
    run's delivery thread), for live progress. ``timeout`` bounds each run:
    ``TimeoutError`` if a run's workers have not all exited by then (the
    processes are stopped; threads cannot be, they run on as daemon threads).
    Call this from a worker thread, not a GUI thread, or use ``CompareRun``.
    Setting ``cancel`` ends it with ``CompareCancelled``: the processes are
    stopped (terminate, then kill); threads cannot be, they end on their own.
    """
    specs, start_method = check_compare(specs, start_method)
    if any(spec.kind == "cpu" for spec in specs):
        units_per_second()  # calibrate now, not inside either timed run
    names = [spec.name for spec in specs]

    cancel = cancel or threading.Event()
    threads_record = _run_threads(specs, names, subscriber, timeout, cancel)
    if cancel.is_set():
        raise CompareCancelled("cancelled before the processes' run")
    processes_record = _run_processes(specs, names, start_method, subscriber, timeout, cancel)
    return CompareResult(
        threads_record=threads_record,
        processes_record=processes_record,
        threads_wall_s=_wall_s(threads_record),
        processes_wall_s=_wall_s(processes_record),
        cpu_count=os.cpu_count(),
        start_method=start_method,
        names=names,
        kinds={spec.name: spec.kind for spec in specs},
    )


def _wait(done, timeout: float | None, cancel: threading.Event) -> bool:
    """``done(step)`` until it is True, ``timeout`` passes or ``cancel`` is set."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not cancel.is_set():
        step = CANCEL_POLL_SECONDS if deadline is None else min(CANCEL_POLL_SECONDS, deadline - time.monotonic())
        if done(max(step, 0.0)):
            return True
        if deadline is not None and time.monotonic() >= deadline:
            return False
    raise CompareCancelled("cancelled")


def _run_threads(specs, names, subscriber, timeout, cancel) -> RunRecord:
    t0_ns = time.perf_counter_ns()
    collector = _Collector("threads", RunRecord.for_names(t0_ns, names), subscriber)
    run = ThreadRun(specs, collector)
    run.start(t0_ns)
    finished = _wait(lambda step: not run.join(timeout=step), timeout, cancel)
    still_running = [] if finished else run.join(timeout=0)
    if still_running:
        raise TimeoutError(
            f"threads still running after {timeout:g} s: {', '.join(still_running)} "
            "(threads cannot be stopped; they run on in the background)"
        )
    collector.raise_error()
    return collector.record


def _run_processes(specs, names, start_method, subscriber, timeout, cancel) -> RunRecord:
    t0_ns = time.perf_counter_ns()
    collector = _Collector("processes", RunRecord.for_names(t0_ns, names), subscriber)
    with Session(specs, collector, start_method=start_method) as session:  # stops them, even cancelled
        session.start(t0_ns)
        if not _wait(collector.wait_all_exited, timeout, cancel):
            raise TimeoutError(
                f"processes still running after {timeout:g} s: "
                + ", ".join(name for name, run in collector.record.workers.items() if run.exit_s is None)
            )
    collector.raise_error()
    return collector.record


def _wall_s(record: RunRecord) -> float:
    """From the run's start to its last worker's exit."""
    return max(run.exit_s for run in record.workers.values())


class _Collector:
    """A run's subscriber: fills its record, passes events on, says when all exited."""

    def __init__(self, phase: str, record: RunRecord, subscriber: PhaseSubscriber | None):
        self.phase = phase
        self.record = record
        self._subscriber = subscriber
        self._error: Exception | None = None
        self._changed = threading.Condition()

    def __call__(self, events: list[Event]) -> None:
        self.record.apply(events)
        try:
            if self._subscriber is not None:
                self._subscriber(self.phase, events)
        except Exception as error:  # a progress display must not stop the run
            self._error = self._error or error
        finally:
            with self._changed:
                self._changed.notify_all()

    def wait_all_exited(self, timeout: float | None) -> bool:
        with self._changed:
            return self._changed.wait_for(self.record.all_exited, timeout)

    def raise_error(self) -> None:
        """Re-raise, once the run is over, what the caller's subscriber raised."""
        if self._error is not None:
            raise self._error


class CompareRun:
    """``run_compare`` on a thread of its own, for a caller that must not block.

    The specs are checked in the constructor (``ValueError`` at once, on the
    caller's thread). ``start()`` returns at once; ``done`` says whether it
    is over; ``result(timeout)`` returns the ``CompareResult`` or raises what
    the run raised. ``on_done(self)`` and ``subscriber(phase, events)`` are
    called from ProcLab's threads, never from the caller's: a GUI hands them
    on through its own bridge. ``phase`` is the run in progress.
    """

    def __init__(
        self,
        specs: Iterable[WorkerSpec],
        start_method: str | None = None,
        subscriber: PhaseSubscriber | None = None,
        timeout: float | None = None,
        on_done: Callable[["CompareRun"], None] | None = None,
    ):
        self.specs, self.start_method = check_compare(specs, start_method)
        self._subscriber = subscriber
        self._timeout = timeout
        self._on_done = on_done
        self._finished = threading.Event()
        self._cancel = threading.Event()
        self._result: CompareResult | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self.phase: str | None = None

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("this compare run has already started")
        self._thread = threading.Thread(target=self._run, name="proclab-compare", daemon=True)
        self._thread.start()

    @property
    def done(self) -> bool:
        return self._finished.is_set()

    def cancel(self) -> None:
        """Stop as soon as possible; ``result()`` then raises ``CompareCancelled``."""
        self._cancel.set()

    def result(self, timeout: float | None = None) -> CompareResult:
        if not self._finished.wait(timeout):
            raise TimeoutError(f"the compare run is not over after {timeout:g} s")
        if self._error is not None:
            raise self._error
        return self._result

    def _on_events(self, phase: str, events: list[Event]) -> None:
        self.phase = phase
        if self._subscriber is not None:
            self._subscriber(phase, events)

    def _run(self) -> None:
        try:
            self._result = run_compare(self.specs, self.start_method, self._on_events, self._timeout, self._cancel)
        except BaseException as error:  # handed to result()
            self._error = error
        finally:
            self.phase = None
            self._finished.set()
            if self._on_done is not None:
                self._on_done(self)
