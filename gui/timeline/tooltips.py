"""The timeline's hover texts: what a bar, a band or a mark means.

It reads what the bars and marks layers hold for a row and says it in words:
times, start cost, lock waits and holds, messages, exit codes; for a watched
script, also tasks, Pipe messages with their other end, Queue and call marks,
lock names and who started each process.
"""
from __future__ import annotations

from gui.i18n import tr
from gui.theme import exit_code_label, state_label

from .bars import BAR_HEIGHT
from .marks import END, EXIT, JOIN_TIMED_OUT, JOINED, LAUNCH, MESSAGE, START, START_COST_HEIGHT
from .watch_marks import CALL_JOIN, CALL_KILL, CALL_TERMINATE, PIPE_RECV, PIPE_SEND, QUEUE_GET, QUEUE_PUT

#: How close (in pixels) the pointer must be to a mark for its tooltip.
MARK_HIT_PX = 6

class TimelineTooltips:
    """Reads the bars and marks layers of one timeline; ``tooltip_at`` is asked about the run it shows."""

    def __init__(self, bars, marks, plot_item, watch=None):
        self.bars, self.marks, self.plot_item, self.watch = bars, marks, plot_item, watch
        self._now_s = 0.0
        self._record = None

    def tooltip_at(self, x: float, y: float, now_s: float, record) -> str:
        """The hover text for the point (``x`` seconds, row ``y``) of ``record`` drawn up to ``now_s``, or ""."""
        self._now_s, self._record = now_s, record
        row = int(round(y))
        if not 0 <= row < len(self.bars.runs):
            return ""
        run, dy = self.bars.runs[row], y - row
        title = f"<b>{_escape(run.name)}</b>"
        px_x, px_y = self.plot_item.getViewBox().viewPixelSize()
        tolerances = (MARK_HIT_PX * px_x, (MARK_HIT_PX + 2) * px_y)
        marks = self.marks.marks_near(row, dy, x, *tolerances)
        if self.watch is not None:
            marks = sorted(marks + self.watch.marks_near(row, dy, x, *tolerances), key=lambda mark: abs(mark[1] - x))
        if marks:
            lines = [self._describe_mark(run, *mark) for mark in marks[:4]]
            if len(marks) > 4:
                lines.append(tr("… and {count} more here").format(count=len(marks) - 4))
            return "<br>".join([title, *lines])
        band = self.marks.lock_span_at(row, dy, x, self._now_s)
        if band is not None:
            return "<br>".join([title, *self._describe_band(run, *band)])
        task = self.watch.task_at(row, dy, x, self._now_s) if self.watch is not None else None
        if task is not None:
            return "<br>".join([title, *self._describe_task(*task)])
        if abs(dy) > BAR_HEIGHT / 2:
            return ""
        span = self.bars.span(row, self._now_s)
        if span is not None and span[0] <= x <= span[1]:
            return self._describe_bar(run, span)
        if abs(dy) <= START_COST_HEIGHT and run.launch_s is not None and run.launch_s <= x:
            started = run.start_s if run.start_s is not None else max(self._now_s, run.launch_s)
            if x <= started:
                return "<br>".join([title, *self._describe_start_cost(run)])
        return ""

    def _describe_bar(self, run, span: tuple[float, float]) -> str:
        end = f"{run.bar_end_s:.3f} s" if run.bar_end_s is not None else tr("still running")
        lines = [
            f"<b>{_escape(run.name)}</b> ({state_label(run.state)})",
            tr("pid: {pid}").format(pid=run.pid if run.pid is not None else "?"),
            *self._describe_process(run),
            tr("start: {time}").format(time=f"{span[0]:.3f} s"),
            tr("end: {time}").format(time=end),
            tr("duration: {time}").format(time=f"{span[1] - span[0]:.3f} s"),
            tr("exit code: {code}").format(code=exit_code_label(run.exitcode, run.raised) or tr("not yet")),
        ]
        if run.start_cost_ms is not None:
            lines.append(tr("start cost: {ms} ms (start() called → run begun)").format(ms=f"{run.start_cost_ms:.1f}"))
        if run.round_trip_ms is not None:
            lines.append(tr("ping/pong round trip: {ms} ms").format(ms=f"{run.round_trip_ms:.3f}"))
        if run.messages:
            lines.append(tr("messages sent: {sent} of {count}").format(
                sent=len(run.messages), count=run.messages_expected or len(run.messages)))
        lock = self._lock_summary(run)
        if lock:
            lines.append(lock)
        if run.tasks:
            raised = sum(1 for *_, ok in run.tasks if ok is False)
            text = tr("Pool tasks: {count}, {raised} raised") if raised else tr("Pool tasks: {count}")
            lines.append(text.format(count=len(run.tasks), raised=raised))
        if self._abandoned(run):
            lines.append(tr("<b>died holding the lock</b>: others wait for it until it is recovered"))
        return "<br>".join(lines)

    def _lock_summary(self, run) -> str:
        waits, holds = self.marks.lock_spans(self.bars.row_of(run.name))
        if not waits and not holds:
            return ""
        if holds and holds[-1][1] is None:
            return tr("lock: holding it since {time} s").format(time=f"{holds[-1][0]:.3f}")
        if waits and waits[-1][1] is None:
            return tr("lock: waiting for it since {time} s").format(time=f"{waits[-1][0]:.3f}")
        # A replayed file may leave an earlier span open: count closed spans only.
        held = sum(end - start for start, end in holds if end is not None)
        waited = sum(end - start for start, end in waits if end is not None)
        times = tr("once") if len(holds) == 1 else tr("{count} times").format(count=len(holds))
        return tr("lock: held {times}, {held} s in all; waited {waited} s").format(
            times=times, held=f"{held:.3f}", waited=f"{waited:.3f}")

    def _describe_process(self, run) -> list[str]:
        """A watched script's process: what it is, who started it, its command."""
        if run.role is None:
            return []
        roles = {"main": tr("the script's main process"), "process": tr("a multiprocessing Process"),
                 "pool": tr("a Pool or ProcessPoolExecutor worker"), "fork": tr("an os.fork() child"),
                 "subprocess": tr("another Python the script ran"),
                 "helper": tr("a helper multiprocessing started for itself (forkserver, resource tracker)")}
        lines = [roles.get(run.role, _escape(run.role))]
        if run.parent:
            parent_pid = run.parent_pid if run.parent_pid is not None else "?"
            lines.append(tr("started by: {parent} (pid {pid})").format(parent=_escape(run.parent), pid=parent_pid))
        if run.command:
            lines.append(tr("command: {command}").format(command=_escape(run.command)))
        return lines

    def _describe_task(self, name: str, start: float, end: float, ok, still_running: bool) -> list[str]:
        name = _escape(name)
        duration = f"{end - start:.3f}"
        if still_running:
            return [tr("task {name}: running {time} s so far").format(name=name, time=duration),
                    tr("since {time} s").format(time=f"{start:.3f}")]
        text = tr("task {name} raised after {time} s") if ok is False else tr("task {name}: {time} s")
        return [text.format(name=name, time=duration),
                tr("from {start} s to {end} s").format(start=f"{start:.3f}", end=f"{end:.3f}")]

    def _describe_watch_mark(self, kind, t: float, extra) -> str | None:
        time = f"{t:.3f}"
        if kind in (PIPE_SEND, PIPE_RECV):
            channel, seq, partner, partner_t = extra
            channel = _escape(channel)
            if kind is PIPE_SEND:
                text = tr("Pipe send at {time} s: message {seq} on {channel}").format(
                    time=time, seq=seq, channel=channel)
                other = tr("received by {row} at {other} s") if partner else tr("not received (yet)")
            else:
                text = tr("Pipe receive at {time} s: message {seq} on {channel}").format(
                    time=time, seq=seq, channel=channel)
                other = tr("sent by {row} at {other} s") if partner else tr("its send was not seen")
            other = other.format(row=_escape(partner or ""), other=f"{partner_t:.3f}" if partner else "")
            return f"{text}<br>{other}"
        if kind is QUEUE_PUT:
            return tr("Queue put() at {time} s on {queue}").format(time=time, queue=_escape(extra))
        if kind is QUEUE_GET:
            return tr("Queue get() returned at {time} s from {queue}").format(time=time, queue=_escape(extra))
        if kind in (CALL_JOIN, CALL_TERMINATE, CALL_KILL):
            target, seconds = extra
            target = _escape(target or "?")
            if kind is CALL_TERMINATE:
                return tr("terminate() on {target} at {time} s").format(target=target, time=time)
            if kind is CALL_KILL:
                return tr("kill() on {target} at {time} s").format(target=target, time=time)
            if seconds is None:
                return tr("join() on {target} at {time} s").format(target=target, time=time)
            return tr("join() on {target} at {time} s, took {seconds} s").format(
                target=target, time=time, seconds=f"{seconds:.3f}")
        return None

    def _abandoned(self, run) -> bool:
        record = self._record
        return record is not None and record.lock_abandoned_by == run.name

    def _describe_band(self, run, kind: str, start: float, end: float, still_open: bool) -> list[str]:
        duration = f"{end - start:.3f}"
        if kind == "waiting":
            text = tr("waiting for the lock {time} s so far") if still_open else tr("waiting for the lock {time} s")
        else:
            text = tr("holding the lock {time} s so far") if still_open else tr("holding the lock {time} s")
        lines = [text.format(time=duration)]
        lines.append(tr("since {time} s").format(time=f"{start:.3f}") if still_open
                     else tr("from {start} s to {end} s").format(start=f"{start:.3f}", end=f"{end:.3f}"))
        lock = _lock_name(run, kind, start, end, still_open)
        if lock:
            lines.append(tr("lock: {name}").format(name=_escape(lock)))
        if kind == "holding" and self._abandoned(run):
            last_hold = self.marks.lock_spans(self.bars.row_of(run.name))[1][-1]
            if last_hold[0] == start:
                lines.append(tr("<b>died holding the lock</b>: it is still locked"))
        return lines

    def _describe_start_cost(self, run) -> list[str]:
        if run.start_cost_ms is not None:
            return [tr("starting: {ms} ms from start() called to run begun").format(ms=f"{run.start_cost_ms:.1f}"),
                    tr("the start method's cost (fork, forkserver or spawn)")]
        return [tr("starting since {time} s: start() called, the run has not begun").format(
            time=f"{run.launch_s:.3f}")]

    def _describe_mark(self, run, kind, t: float, extra) -> str:
        watched = self._describe_watch_mark(kind, t, extra)
        if watched is not None:
            return watched
        time = f"{t:.3f}"
        if kind is MESSAGE:
            number, count = extra
            return tr("message {number} of {count} at {time} s").format(
                number=number, count=run.messages_expected or count, time=time)
        if kind is LAUNCH:
            return tr("start() called at {time} s").format(time=time)
        if kind is START:
            cost = run.start_cost_ms
            if cost is None:
                return tr("run begun at {time} s").format(time=time)
            return tr("run begun at {time} s (start cost {ms} ms)").format(time=time, ms=f"{cost:.1f}")
        if kind is END:
            return tr("end at {time} s: the target returned").format(time=time)
        if kind is EXIT:
            code = exit_code_label(run.exitcode, run.raised)
            return tr("exited at {time} s (the engine's reaper join() returned): {code}").format(time=time, code=code)
        if kind is JOINED:
            return tr("join() returned at {time} s: the worker had exited").format(time=time)
        if kind is JOIN_TIMED_OUT:
            return tr("join() timed out at {time} s: the worker is still alive").format(time=time)
        return tr("{mark} at {time} s").format(mark=tr(kind.label), time=time)


def _lock_name(run, kind: str, start: float, end: float, still_open: bool) -> str:
    """The name of the lock a watched process held (or waited for: the one it then held), or ""."""
    if kind == "waiting":
        if still_open:
            return ""
        start = end  # a wait ends where the hold of the same lock begins
    for (held_from, _), name in zip(run.lock_holds, run.lock_names):
        if held_from == start:
            return name
    return ""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
