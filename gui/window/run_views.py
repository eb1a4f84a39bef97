"""A run in progress, shown: engine events to the log, table, progress and timeline.

A mixin of ``MainWindow``. The bridge's signals arrive here (session
started, events, resource samples); the timers' ticks too: the 200 ms poll
of pids, ``is_alive()`` and ``active_children()``, and the timeline's
50 ms frames. A run has ended for the window when its last exit has
reached the log.
"""
from __future__ import annotations

import multiprocessing
import os
import time

from engine import LockAbandoned, LockRecovered, OutputLine, RoundTrip, RunRecord, WorkerExited
from engine.run.in_process import InProcessRun
from gui.i18n import tr
from gui.theme import exit_code_label


class RunViewsMixin:
    def _on_session_started(self, record: RunRecord) -> None:
        self._exits_shown = 0
        self._run_on_view = True
        self.past_run_label.hide()
        self._show_start_method(self.bridge.session.start_method)
        self.progress.show_record(record)
        self.model.show_record(record)
        self.timeline.follow_check.setChecked(True)
        self._frame_timer.start()
        self._resource_timer.start()

    def _on_events(self, events: list) -> None:
        if self.record is None:
            return
        with self.log.batch():
            self._show_events(events)

    def _show_events(self, events: list) -> None:
        exits_before = self._exits_shown
        for event in events:
            if isinstance(event, OutputLine):
                self.log.append_output(event)
            elif isinstance(event, WorkerExited):
                self._exits_shown += 1
                run = self.record.workers.get(event.worker)
                self.log.append_note(tr("{worker} (pid {pid}) exited: {how}").format(
                    worker=event.worker, pid=event.pid, how=exit_code_label(run.exitcode, run.raised)))
            elif isinstance(event, LockAbandoned):
                self._on_lock_abandoned(event)
            elif isinstance(event, LockRecovered):
                self.lock_banner.hide()
                self.log.append_note(tr("lock.release() called by ProcLab for {worker}: the waiting workers go on")
                                     .format(worker=event.worker))
            elif isinstance(event, RoundTrip) and event.rtt_ns is not None:
                self.log.append_note(tr("{worker}: ping/pong round trip to the window {ms:.3f} ms").format(
                    worker=event.worker, ms=event.rtt_ns / 1e6))
        if self._exits_shown != exits_before:  # only an exit changes the count
            self.progress.show_record(self.record)
        # The record runs ahead of the queued batches: the run has ended for
        # the window when the last exit has reached the log, not before.
        if self._exits_shown == len(self.record.workers):
            self._on_run_ended()

    def _on_resource_tick(self) -> None:
        if self.is_running():
            self.bridge.request_resource_sample()  # ends in resourcesSampled

    def _on_run_ended(self) -> None:
        self._ended_record = self.record
        self._frame_timer.stop()
        self._resource_timer.stop()
        self._on_frame()
        self._on_poll(block=True)  # final states now, not at the next tick
        self.log.append_note(tr("run {number}: all workers ended").format(number=self._run_number))
        session = self.bridge.session
        failure = getattr(session, "failure", None)
        if failure:  # the engine itself failed: every worker was stopped
            self.log.append_note(tr("run {number} ended early: {reason}").format(
                number=self._run_number, reason=failure))
            self.statusBar().showMessage(tr("The run ended early: {reason}").format(reason=failure), 15000)
        if isinstance(session, InProcessRun):
            pids = {run.pid for run in self.record.workers.values()}
            self.log.append_note(
                tr("run(): the work ran in pid {pids}, ProcLab's own (os.getpid() = {pid}); "
                   "active_children() = {children} after: no process was created").format(
                    pids=", ".join(map(str, sorted(pids))), pid=os.getpid(),
                    children=len(multiprocessing.active_children()))
            )
        self._update_controls()

    def _on_frame(self) -> None:
        if self.record is not None:
            now_s = (time.perf_counter_ns() - self.record.t0_ns) / 1e9
            end_s = now_s if self.is_running() else self.record.last_time_s()
            self.timeline.show_run(self.record, end_s)

    def run_has_ended(self) -> bool:
        """The current run ended and the window has shown it (table, log, controls)."""
        return self.record is not None and self._ended_record is self.record

    def _on_poll_tick(self) -> None:
        # Only a run in progress changes; after it, the table keeps what the
        # end-of-run poll showed until the experiment is edited.
        if self.is_running():
            self._on_poll(block=False)
        elif self._children_shown:  # what a comparison or a run left behind, until it is true again
            self._show_children_count(block=False)

    def _show_what_is_current(self) -> None:
        """The timeline shows the table's workers, or says which earlier run it still shows."""
        if self.replay is not None or self.is_running():
            return  # a replay says what it is; a run in progress is the truth
        if self.compare_result is not None:
            note = tr("The timeline shows the last comparison, with the workers as they were then; "
                      "the table has changed since. Start runs the table's workers.")
        elif self.record is not None and self._run_on_view:
            note = tr("The timeline shows run {number}, with the workers as they were then; "
                      "the table has changed since. Start runs the table's workers.").format(number=self._run_number)
        else:
            self.timeline.show_planned(self.model.names())
            self.past_run_label.hide()
            return
        self.past_run_label.setText(note)
        self.past_run_label.show()

    def _on_poll(self, block: bool) -> None:
        # The timer never waits for the engine: while it starts a worker, skip a tick.
        statuses = self.bridge.statuses(block=block)
        if statuses is not None:
            self.model.update_statuses(statuses)
            self.model.refresh_run_facts()
        self._show_children_count(block)

    def _show_children_count(self, block: bool) -> None:
        # No session (a comparison before any run): nothing else reaps children, so ask directly.
        if self.bridge.session is None:
            count = len(multiprocessing.active_children())
        else:
            count = self.bridge.active_children_count(block=block)
        if count is not None:
            self._show_children(count)

    def _show_start_method(self, method: str) -> None:
        self.method_label.setText(tr("start method: {method}").format(method=method))

    def _show_children(self, count: int) -> None:
        self._children_shown = count
        self.children_label.setText(f"active_children() = {count}")
