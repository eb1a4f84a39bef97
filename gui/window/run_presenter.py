"""A run, started and shown: engine events to the log, table, progress, timeline and lock banner.

The bridge's signals arrive here (session started, events); the timers'
ticks too: the 200 ms poll of pids, ``is_alive()`` and
``active_children()``, the timeline's 50 ms frames and the 1 s resource
samples. A run has ended for the window when its last exit has reached the
log; ``runChanged`` then says the window's controls may change. A watched
script's rows come as it starts processes, so its run has ended when the
run says every process is gone and the last of its events has reached the
log.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path
from typing import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from engine import LockAbandoned, LockRecovered, OutputLine, RoundTrip, RunRecord, WorkerExited, WorkerSpec
from engine.model.events import WorkerLost, WorkerPlaced
from engine.run.in_process import MAX_IN_PROCESS_SECONDS
from engine.watch.interpreter import default_python
from gui.engine_bridge import EngineBridge
from gui.i18n import tr
from gui.panels.lock_banner import LockBanner
from gui.panels.log_panel import LogPanel
from gui.panels.run_progress import RunProgress
from gui.panels.status_line import StatusLine
from gui.panels.worker_table_model import WorkerTableModel
from gui.theme import exit_code_label
from gui.timeline.widget import TimelineWidget

from .compare_controller import CompareController
from .shown_run import ShownRun

#: How often the table polls pid, is_alive() and exitcode.
POLL_INTERVAL_MS = 200
#: How often running bars grow.
FRAME_INTERVAL_MS = 50
#: How often psutil samples CPU % and memory of live workers.
RESOURCE_INTERVAL_MS = 1000
#: What "run() here" runs when no short sleep worker is selected.
RUN_IN_PROCESS_DEFAULT = WorkerSpec("run() demo", 1.0)
#: How long closing the window lets workers handle SIGTERM before SIGKILL.
CLOSE_GRACE_SECONDS = 1.0


class RunPresenter(QObject):
    runChanged = Signal()  # a run started (or could not) or ended

    def __init__(self, bridge: EngineBridge, compare: CompareController, model: WorkerTableModel,
                 shown: ShownRun, timeline: TimelineWidget, log: LogPanel, progress: RunProgress,
                 lock_banner: LockBanner, status: StatusLine, show_error: Callable[[str, str], None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self._bridge, self._compare, self._model, self._shown = bridge, compare, model, shown
        self._timeline, self._log, self._progress, self._lock_banner = timeline, log, progress, lock_banner
        self._status, self._show_error = status, show_error
        self.run_number = 0
        self._ended_record: RunRecord | None = None
        self._exits_shown = 0
        self._rows_shown = 0  # a watched run's rows come with its events
        self._watch_start_method: str | None = None
        self.poll_timer = QTimer(self, interval=POLL_INTERVAL_MS)
        self.frame_timer = QTimer(self, interval=FRAME_INTERVAL_MS)
        self.resource_timer = QTimer(self, interval=RESOURCE_INTERVAL_MS)
        self.poll_timer.timeout.connect(self._on_poll_tick)
        self.frame_timer.timeout.connect(self._on_frame)
        self.resource_timer.timeout.connect(self._on_resource_tick)
        bridge.sessionStarted.connect(self._on_session_started)
        bridge.eventsArrived.connect(self._on_events)
        bridge.resourcesSampled.connect(model.refresh_run_facts)
        self.poll_timer.start()

    @property
    def record(self) -> RunRecord | None:
        return self._bridge.record

    def is_running(self) -> bool:
        if self._bridge.watching and self.record is not None:  # asked many times a second: no count of rows
            return not self.run_has_ended() or self._compare.is_running()
        return self.unfinished_count() > 0 or self._compare.is_running()

    def unfinished_count(self) -> int:
        """Workers of the current run that have not exited (or not started) yet.

        A watched script counts at least one (its main process) until the
        window has shown its end, rows or none.
        """
        if self.record is None or self._bridge.session is None:
            return 0
        unfinished = sum(run.exit_s is None for run in self.record.workers.values())
        if self._bridge.watching:
            return 0 if self.run_has_ended() else max(1, unfinished)
        return unfinished

    def can_stop_workers(self) -> bool:
        """The run in progress has worker processes to join and signal (a comparison or run() has not)."""
        session = self._bridge.session
        return not self._compare.is_running() and (session is None or session.capabilities.can_signal)

    def run_has_ended(self) -> bool:
        """The current run ended and the window has shown it (table, log, controls)."""
        return self.record is not None and self._ended_record is self.record

    # -- starting ----------------------------------------------------------------

    def start(self, specs: Sequence[WorkerSpec]) -> None:
        self.run_number += 1
        starting = (tr("run {number}: starting 1 worker with the {method} start method") if len(specs) == 1 else
                    tr("run {number}: starting {count} workers with the {method} start method"))
        self._log.append_note(starting.format(number=self.run_number, count=len(specs),
                                              method=self._bridge.start_method))
        self._begin(lambda: self._bridge.start(specs))

    def start_on_cluster(self, specs: Sequence[WorkerSpec], connection) -> bool:
        """Start ``specs`` on the Dask cluster ``connection`` reaches; False if it could not start."""
        self.run_number += 1
        self._log.append_note(tr("run {number}: starting {count} workers on {cluster}").format(
            number=self.run_number, count=len(specs), cluster=connection.address))
        return self._begin(lambda: self._bridge.start_on_cluster(specs, connection),
                           tr("Cannot start workers on the cluster"))

    def start_in_process(self, selected: Sequence[WorkerSpec]) -> None:
        """``Process.run()`` instead of ``start()``: the first fitting selected sleep worker, inside ProcLab."""
        fits = [s for s in selected if s.kind == "sleep" and s.interval <= MAX_IN_PROCESS_SECONDS]
        spec = fits[0] if fits else RUN_IN_PROCESS_DEFAULT
        if selected and not fits:
            self._log.append_note(
                tr("run() takes a selected sleep worker of at most {most:g} s (it cannot be stopped inside "
                   "ProcLab); none is selected, so it runs {name!r} ({seconds:g} s)").format(
                    most=MAX_IN_PROCESS_SECONDS, name=spec.name, seconds=spec.interval)
            )
        self.run_number += 1
        self._log.append_note(
            tr("run {number}: Process(name={name!r}).run(), not start(): the target runs in ProcLab's own "
               "process (pid {pid}); active_children() = {children} before").format(
                number=self.run_number, name=spec.name, pid=os.getpid(),
                children=len(multiprocessing.active_children()))
        )
        self._begin(lambda: self._bridge.start_in_process(spec))

    def start_watch(self, script: Path, args: Sequence[str], python: str | None, start_method: str | None,
                    max_processes: int) -> None:
        """Run ``script`` and watch every process it starts."""
        self.run_number += 1
        self._watch_start_method = start_method
        self._log.append_note(tr("run {number}: {script}, run by {python} and watched; start method: {method}").format(
            number=self.run_number, script=Path(script).name, python=python or default_python() or "?",
            method=start_method or tr("the script's own")))
        # The table keeps the script's last run until the new one starts (its rows replace them then).
        self._begin(lambda: self._bridge.start_watch(script, args, python=python, start_method=start_method,
                                                     max_processes=max_processes),
                    tr("Cannot run the script"), clear_table=False)

    def _begin(self, start, failure_title: str | None = None, clear_table: bool = True) -> bool:
        """Run ``start``; False (and the reason shown) if it raised."""
        self._shown.leave_for_new_run()
        if clear_table:
            self._model.clear_statuses()
        self._lock_banner.hide()
        started = False
        try:
            start()
        except (OSError, ValueError, RuntimeError) as error:
            self._show_error(failure_title or tr("Cannot start workers"), str(error))
        else:
            started = True
            note = getattr(self._bridge.session, "descriptor_note", None)
            if note:  # too few file descriptors for all the workers: some will say "could not start"
                self._log.append_note(tr("warning: {note}").format(note=note))
        self.runChanged.emit()
        return started

    # -- a run in progress ---------------------------------------------------------

    def _on_session_started(self, record: RunRecord) -> None:
        self._exits_shown, self._rows_shown = 0, len(record.workers)
        self._shown.show_live(record, self.run_number)
        if self._bridge.watching:
            self._status.show_start_method(self._watch_start_method or tr("the script's own"))
            self._model.show_watched(record)
        else:
            self._status.show_start_method(self._bridge.session.start_method)
            self._model.show_record(record)
        self._progress.show_record(record)
        self._timeline.set_following(True)
        self.frame_timer.start()
        self.resource_timer.start()

    def _on_events(self, events: list) -> None:
        if self.record is None:
            return
        with self._log.batch():
            self._show_events(events)

    def _show_events(self, events: list) -> None:
        self._model.refresh_rows()  # a watched script's new processes
        exits_before, rows_before = self._exits_shown, self._rows_shown
        self._rows_shown = len(self.record.workers)
        self._show_placements([event for event in events if isinstance(event, WorkerPlaced)])
        for event in events:
            if isinstance(event, OutputLine):
                self._log.append_output(event)
            elif isinstance(event, WorkerLost):
                self._exits_shown += 1
                self._log.append_note(tr("{worker} (pid {pid}) lost: {reason}").format(
                    worker=event.worker, pid=event.pid, reason=event.reason))
            elif isinstance(event, WorkerExited):
                self._exits_shown += 1
                run = self.record.workers.get(event.worker)
                self._log.append_note(tr("{worker} (pid {pid}) exited: {how}").format(
                    worker=event.worker, pid=event.pid,
                    how=exit_code_label(run.exitcode, run.raised) or tr("exit code unknown")))
            elif isinstance(event, LockAbandoned):
                self._on_lock_abandoned(event)
            elif isinstance(event, LockRecovered):
                self._lock_banner.hide()
                self._log.append_note(tr("lock.release() called by ProcLab for {worker}: the waiting workers go on")
                                      .format(worker=event.worker))
            elif isinstance(event, RoundTrip) and event.rtt_ns is not None:
                self._log.append_note(tr("{worker}: ping/pong round trip to the window {ms:.3f} ms").format(
                    worker=event.worker, ms=event.rtt_ns / 1e6))
        if self._exits_shown != exits_before or self._rows_shown != rows_before:  # "N of M ended"
            self._progress.show_record(self.record)
        # The record runs ahead of the queued batches: the run has ended for
        # the window when the last exit has reached the log, not before.
        if self._bridge.watching:
            self._check_watched_end()
        elif self._exits_shown == len(self.record.workers):
            self._on_run_ended()

    def _show_placements(self, placements: list[WorkerPlaced]) -> None:
        """Where a cluster run's workers were placed: one line per Dask worker, before what they print."""
        placed: dict[tuple[str, str], list[str]] = {}
        for event in placements:
            placed.setdefault((event.host, event.address), []).append(event.worker)
        for (host, address), names in placed.items():
            self._log.append_note(tr("placed on {host} ({address}): {names}").format(
                host=host, address=address, names=", ".join(names)))
        if placed:
            self._show_clocks()

    def _show_clocks(self) -> None:
        """A cluster run's clock offsets, measured before its workers were placed, in the status bar's tooltip."""
        clocks = getattr(self._bridge.session, "clocks", {})
        details = "\n".join(tr("clock of {address}: {offset} (corrected)").format(address=address,
                                                                                 offset=clock.describe())
                            for address, clock in clocks.items())
        self._status.show_place(self._status.place_label.text(), details)

    def _check_watched_end(self) -> None:
        """A watched run delivers all its events before it says it has ended: once it says so and none
        waits for the views, the window has shown all of it."""
        session = self._bridge.session
        if (self._ended_record is not self.record and session.all_ended()
                and not self._bridge.has_waiting_batches()):
            self._on_run_ended()

    def _on_lock_abandoned(self, event: LockAbandoned) -> None:
        with self.record.lock:
            waiting = [run.name for run in self.record.workers.values()
                       if run.lock_waits and run.lock_waits[-1][1] is None]
            holder = self.record.workers[event.worker]
            how = exit_code_label(holder.exitcode, holder.raised)
        self._lock_banner.show_abandoned(event.worker, event.pid, how, waiting)
        self._log.append_note(tr("{worker} exited holding the shared Lock; it is abandoned (waiting: {waiting})")
                              .format(worker=event.worker, waiting=", ".join(waiting) or tr("none")))

    def _on_run_ended(self) -> None:
        if self._ended_record is self.record:  # a late batch (a join mark) after the last exit
            return
        self._ended_record = self.record
        self.frame_timer.stop()
        self.resource_timer.stop()
        self._on_frame()
        self._on_poll(block=True)  # final states now, not at the next tick
        if self._bridge.watching:
            self._log.append_note(tr("run {number}: the script and every process it started ended").format(
                number=self.run_number))
        else:
            self._log.append_note(tr("run {number}: all workers ended").format(number=self.run_number))
        session = self._bridge.session
        failure = getattr(session, "failure", None)
        if failure:  # the engine itself failed: every worker was stopped
            self._log.append_note(tr("run {number} ended early: {reason}").format(
                number=self.run_number, reason=failure))
            self._status.message(tr("The run ended early: {reason}").format(reason=failure), 15000)
        if not session.capabilities.own_processes:  # run(): the work ran here
            pids = {run.pid for run in self.record.workers.values()}
            self._log.append_note(
                tr("run(): the work ran in pid {pids}, ProcLab's own (os.getpid() = {pid}); "
                   "active_children() = {children} after: no process was created").format(
                    pids=", ".join(map(str, sorted(pids))), pid=os.getpid(),
                    children=len(multiprocessing.active_children()))
            )
        self.runChanged.emit()

    # -- the timers -------------------------------------------------------------------

    def _on_frame(self) -> None:
        if self.record is not None:
            now_s = (time.perf_counter_ns() - self.record.t0_ns) / 1e9
            end_s = now_s if self.is_running() else self.record.last_time_s()
            self._timeline.show_run(self.record, end_s)

    def _on_resource_tick(self) -> None:
        if self.is_running():
            self._bridge.request_resource_sample()  # ends in resourcesSampled

    def _on_poll_tick(self) -> None:
        # Only a run in progress changes; after it, the table keeps what the
        # end-of-run poll showed until the experiment is edited.
        if self.is_running():
            self._on_poll(block=False)
            if self._bridge.watching:  # an end whose last batch came before the run said so
                self._check_watched_end()
        elif self._status.children_shown:  # what a comparison or a run left behind, until it is true again
            self._show_children_count(block=False)

    def poll_now(self) -> None:
        """What the poll timer does at its next tick, now."""
        self._on_poll_tick()

    def _on_poll(self, block: bool) -> None:
        # The timer never waits for the engine: while it starts a worker, skip a tick.
        statuses = self._bridge.statuses(block=block)
        if statuses is not None:
            self._model.refresh_rows()
            self._model.update_statuses(statuses)
            self._model.refresh_run_facts()
        self._show_children_count(block)

    def _show_children_count(self, block: bool) -> None:
        # No session (a comparison before any run): nothing else reaps children, so ask directly.
        if self._bridge.session is None:
            count = len(multiprocessing.active_children())
        else:
            count = self._bridge.active_children_count(block=block)
        if count is not None and self._bridge.watching:
            self._status.show_script_processes(count)
        elif count is not None:
            self._status.show_children(count)

    # -- closing ------------------------------------------------------------------------

    def close_question(self) -> str:
        """What closing would stop, as a question; "" when nothing runs."""
        if self._compare.is_running():
            return tr("A comparison of threads and processes is running.\n"
                      "Stop it (its processes are terminated; its threads end with ProcLab) and close?")
        alive = self.unfinished_count()
        if not alive:
            return ""
        if not self._bridge.session.capabilities.own_processes:
            return tr("run() is still running inside ProcLab's own process; there is no worker process "
                      "to stop.\nClose ProcLab, and the run with it?")
        if self._bridge.watching:
            return tr("The script {name} is still running.\n"
                      "Stop every process it started (terminate, then kill after {grace:g} s) and close?").format(
                name=self._bridge.watched_script.name, grace=CLOSE_GRACE_SECONDS)
        if alive == 1:
            return tr("1 worker process is still running.\n"
                      "Stop it (terminate, then kill after {grace:g} s) and close?").format(grace=CLOSE_GRACE_SECONDS)
        return tr("{count} worker processes are still running.\n"
                  "Stop them (terminate, then kill after {grace:g} s) and close?").format(
            count=alive, grace=CLOSE_GRACE_SECONDS)

    def shutdown(self) -> None:
        """Stop the timers, the comparison and every worker; join them and close every pipe."""
        self.poll_timer.stop()
        self.frame_timer.stop()
        self.resource_timer.stop()
        self._compare.cancel()
        self._bridge.close_session(CLOSE_GRACE_SECONDS)
        if not self._compare.wait(timeout=CLOSE_GRACE_SECONDS + 5):
            self._log.append_note(tr("compare: still stopping; its processes end with ProcLab"))
