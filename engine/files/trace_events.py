"""The trace events of a run: what ``engine.files.trace_export`` writes in ``traceEvents``.

Layout of ``traceEvents``:

- One process, ``pid`` ``TRACE_PID`` (1), named "ProcLab run: <title>" by a
  ``process_name`` metadata event. Workers' real OS pids are not used as
  trace pids: runs in compare mode or through ``Process.run()`` give every
  worker the same pid, and pids are reused between runs. The real pid is in
  each span's and instant's ``args``.
- One thread track per worker, ``tid`` = ``TRACE_PID`` + its 1-based row
  in the table (``record.workers`` order), named after the worker
  (``thread_name``) and ordered like the table (``thread_sort_index``).
  No tid equals the pid: Perfetto calls the thread whose tid is its
  process's pid "main thread", and no worker is that.
- Complete events (``ph`` "X") per track: the worker's run (start to bar
  end; a run still open ends at the record's last known time) and, nested
  inside it, each "waiting for lock" and "holding lock" span. Spans on one
  track never partly overlap: lock spans are clamped into the run span and
  made disjoint from each other (Perfetto drops or misplaces slices that
  are not properly nested).
- Instants (``ph`` "i", ``s`` "t") for "start() called", each message, each
  join() that returned, lock abandoned/recovered, ping/pong round trips,
  exits (exit code and its words) and output lines ("stdout: <line>",
  category "output"; the first ``OUTPUT_INSTANTS_PER_WORKER`` of each
  worker, to keep files small: every line is still in ``proclab.events``).
- A watched script's run (``engine.watch``) adds, per process track: the
  process's role, parent, parent pid and command in its ``thread_name``
  args and its run span's args; a complete event "task <name>" (category
  "task") per Pool task, nested in the run span (tasks are clamped into it
  and made disjoint; a lock span that crosses a task's edge is cut there);
  the lock's name in each lock span's ``args.lock``; instants for each
  Pipe send and receive ("send on <channel> #<seq>", category "pipe"),
  Queue put and get ("put on <queue>", category "queue") and each
  ``join()``/``terminate()``/``kill()`` it called ("<target>.join()",
  category "call", with how long a join took). A send and the receive of
  the same ``(channel, seq)`` are joined by a flow: ``ph`` "s" on the
  sender's track and "f" (``bp`` "e") on the receiver's, name "pipe",
  category "pipe" and one whole-number ``id`` per pair. Perfetto binds each
  end to the send or receive instant at its time (checked in its UI: every
  pair becomes a flow between those two instants, with 0 import errors),
  so a pair gets its flow even outside its processes' run spans.
- Counters (``ph`` "C") "cpu <worker>" (series "%") and "memory <worker>"
  (series "MB") from resource samples. Perfetto names a counter track
  "<name> <series>", so these read "cpu worker1 %" and "memory worker1 MB".

Times are whole microseconds since the record's ``t0_ns`` (never negative).
Whole numbers keep nesting exact: Perfetto turns ``ts`` and ``dur`` into
nanoseconds separately, and fractional microseconds could round a child's
end past its parent's.
"""
from __future__ import annotations

import math
import re
from itertools import chain
from typing import Iterator

from engine.model.events import (
    JoinReturned,
    LockAbandoned,
    LockRecovered,
    LockWaiting,
    MessageSent,
    OutputLine,
    PipeReceived,
    PipeSent,
    ProcessCall,
    QueueGot,
    QueuePut,
    ResourceSample,
    RoundTrip,
    WorkerExited,
    WorkerLaunched,
    WorkerLost,
    WorkerPlaced,
)
from engine.model.exit_codes import describe_exitcode
from engine.model.run_record import RunRecord, WorkerRun

TRACE_PID = 1
#: The tid of the table's first row; the others follow (never ``TRACE_PID``).
FIRST_TID = TRACE_PID + 1
#: Output lines shown as instants per worker; the rest are only in ``proclab.events``.
OUTPUT_INSTANTS_PER_WORKER = 1000
#: An output instant's name is the line, cut to this many characters (``args.text`` has all of it).
OUTPUT_NAME_LENGTH = 80

RUN_SPAN = "run"
WAIT_SPAN = "waiting for lock"
HOLD_SPAN = "holding lock"
#: A Pool task's span is this and the task's name: "task square".
TASK_SPAN_PREFIX = "task "
#: The name and category of the flow from a Pipe send to its receive.
PIPE_FLOW = "pipe"

#: A lone surrogate (a worker may print one) cannot be UTF-8. In ``proclab.events``
#: it is escaped and reads back the same; what viewers show gets U+FFFD instead.
SURROGATE = re.compile("[\ud800-\udfff]")


def trace_parts(record: RunRecord, title: str) -> tuple[list[dict], Iterator[dict], list]:
    """Metadata events, the timed events (unsorted, made as they are read), the record's events."""
    events = list(record.events)
    workers = list(record.workers.values())
    last_us = _last_us(record, events)
    tids = {run.name: tid for tid, run in enumerate(workers, start=FIRST_TID)}
    wait_locks = _wait_lock_names(events)
    spans = [span for run in workers for span in _spans(run, tids[run.name], last_us, wait_locks.get(run.name, ()))]
    timed = chain(spans, _instants(record, events, tids), _flows(record, events, tids), _counters(record, events, tids))
    return _metadata(title, workers), timed, events


# -- pieces ------------------------------------------------------------------

def _us(seconds: float) -> int:
    """Seconds since t0 as whole microseconds, never negative."""
    return max(0, round(seconds * 1e6))


def _clean(text: str) -> str:
    return SURROGATE.sub("\ufffd", text)


def _last_us(record: RunRecord, events: list) -> int:
    """The latest time the record knows of: where open spans end."""
    latest = record.last_time_s()
    if events:
        latest = max(latest, max(record.seconds(e.t_ns) for e in events))
    return _us(latest)


def _metadata(title: str, workers: list[WorkerRun]) -> list[dict]:
    events = [{"ph": "M", "name": "process_name", "pid": TRACE_PID, "tid": TRACE_PID,
               "args": {"name": _clean(f"ProcLab run: {title}")}}]
    for tid, run in enumerate(workers, start=FIRST_TID):
        events.append({"ph": "M", "name": "thread_name", "pid": TRACE_PID, "tid": tid,
                       "args": {"name": _clean(run.name), **_process_args(run)}})
        events.append({"ph": "M", "name": "thread_sort_index", "pid": TRACE_PID, "tid": tid,
                       "args": {"sort_index": tid}})
    return events


def _complete(name: str, tid: int, start: int, end: int, args: dict) -> dict:
    return {"ph": "X", "name": name, "cat": "proclab", "pid": TRACE_PID, "tid": tid,
            "ts": start, "dur": end - start, "args": args}


def _process_args(run: WorkerRun) -> dict:
    """A watched script's process: what it is and who started it (nothing for ProcLab's own workers)."""
    if run.role is None:
        return {}
    return {"role": run.role, "parent": _clean(run.parent or ""), "parent_pid": run.parent_pid,
            "command": _clean(run.command)}


def _wait_lock_names(events: list) -> dict[str, list[str]]:
    """Per worker, the lock each of its waits was for (``WorkerRun.lock_waits`` order)."""
    names: dict[str, list[str]] = {}
    for event in events:
        if isinstance(event, LockWaiting):  # every wait, named or not: one per lock_waits span
            names.setdefault(event.worker, []).append(getattr(event, "lock", ""))
    return names


def _spans(run: WorkerRun, tid: int, last_us: int, wait_locks=()) -> list[dict]:
    """The run span and the task and lock spans nested in it, none partly overlapping another."""
    spans = []
    bounds = None
    if run.start_s is not None:
        start = _us(run.start_s)
        end = max(start, _us(run.bar_end_s) if run.bar_end_s is not None else last_us)
        bounds = (start, end)
        args = {"pid": run.pid, "state": run.state.value, "open": run.bar_end_s is None}
        if run.exitcode is not None or run.lost is not None:
            args["exitcode"] = run.exitcode
            args["exit"] = run.describe_exit()
        if run.address:  # a cluster run's: where it ran
            args["host"], args["address"] = run.host, run.address
        args.update(_process_args(run))
        spans.append(_complete(RUN_SPAN, tid, start, end, args))
    floor = bounds[0] if bounds else 0
    ceiling = bounds[1] if bounds else last_us
    tasks = _task_spans(run, tid, floor, ceiling)
    spans += tasks
    task_bounds = [(task["ts"], task["ts"] + task["dur"]) for task in tasks]
    children = ([(WAIT_SPAN, span, name) for span, name in zip(run.lock_waits, _padded(wait_locks, run.lock_waits))]
                + [(HOLD_SPAN, span, name) for span, name in zip(run.lock_holds, _padded(run.lock_names,
                                                                                         run.lock_holds))])
    children.sort(key=lambda item: item[1][0])
    for name, (start_s, end_s), lock in children:
        start = min(max(_us(start_s), floor), ceiling)
        end = min(max(_us(end_s) if end_s is not None else ceiling, start), ceiling, _task_edge(task_bounds, start))
        args = {"pid": run.pid, "open": end_s is None}
        if lock:
            args["lock"] = _clean(lock)
        spans.append(_complete(name, tid, start, end, args))
        floor = end  # the next lock span begins after this one
    return spans


def _padded(names, spans) -> list:
    """``names`` as long as ``spans`` (a record built by hand may name fewer)."""
    names = list(names)[:len(spans)]
    return names + [""] * (len(spans) - len(names))


def _task_spans(run: WorkerRun, tid: int, floor: int, ceiling: int) -> list[dict]:
    """One span per task, clamped into [floor, ceiling] and one after another."""
    spans = []
    for start_s, end_s, task, ok in sorted(run.tasks, key=lambda span: span[0]):
        start = min(max(_us(start_s), floor), ceiling)
        end = min(max(_us(end_s) if end_s is not None else ceiling, start), ceiling)
        spans.append(_complete(TASK_SPAN_PREFIX + _clean(task), tid, start, end,
                               {"pid": run.pid, "task": _clean(task), "ok": ok, "open": end_s is None}))
        spans[-1]["cat"] = "task"
        floor = end
    return spans


def _task_edge(tasks: list[tuple[int, int]], start: int) -> float:
    """Where a span beginning at ``start`` must end so as not to cross a task's edge:
    the end of the task it begins in, else the start of the next task."""
    for task_start, task_end in tasks:
        if task_start <= start < task_end:
            return task_end
        if task_start > start:
            return task_start
    return math.inf


def _instant(name: str, tid: int, t_us: int, args: dict) -> dict:
    return {"ph": "i", "s": "t", "name": _clean(name), "cat": "proclab", "pid": TRACE_PID, "tid": tid,
            "ts": t_us, "args": args}


def _instants(record: RunRecord, events: list, tids: dict[str, int]) -> Iterator[dict]:
    outputs = dict.fromkeys(tids, 0)
    for event in events:
        tid = tids[event.worker]
        t = _us(record.seconds(event.t_ns))
        args = {"pid": event.pid}
        if isinstance(event, WorkerLaunched):
            yield _instant("start() called", tid, t, args)
        elif isinstance(event, MessageSent):
            yield _instant(f"message {event.index} of {event.count}", tid, t,
                           {**args, "index": event.index, "count": event.count})
        elif isinstance(event, JoinReturned):
            name = "join() timed out: still alive" if event.alive else "join() returned"
            yield _instant(name, tid, t, {**args, "alive": event.alive})
        elif isinstance(event, LockAbandoned):
            yield _instant("exited holding the lock", tid, t, {**args, "exitcode": event.exitcode})
        elif isinstance(event, LockRecovered):
            yield _instant("abandoned lock released", tid, t, args)
        elif isinstance(event, RoundTrip):
            rtt_ms = None if event.rtt_ns is None else event.rtt_ns / 1e6
            name = "ping/pong: no answer" if rtt_ms is None else f"ping/pong {rtt_ms:.3f} ms"
            yield _instant(name, tid, t, {**args, "seq": event.seq, "rtt_ms": rtt_ms})
        elif isinstance(event, WorkerPlaced):
            yield _instant(f"placed on {_clean(event.host)}", tid, t,
                           {**args, "host": _clean(event.host), "address": _clean(event.address),
                            "queued_s": event.queued_s})
        elif isinstance(event, WorkerLost):
            yield _instant("lost", tid, t, {**args, "reason": _clean(event.reason)})
        elif isinstance(event, WorkerExited):
            words = describe_exitcode(event.exitcode, record.workers[event.worker].raised)
            yield _instant(f"exit {words}" if words else "exit", tid, t,
                           {**args, "exitcode": event.exitcode, "exit": words})
        elif isinstance(event, (PipeSent, PipeReceived)):
            words = "send on" if isinstance(event, PipeSent) else "recv on"
            yield _categorised(_instant(f"{words} {event.channel} #{event.seq}", tid, t,
                                        {**args, "channel": _clean(event.channel), "seq": event.seq}), PIPE_FLOW)
        elif isinstance(event, (QueuePut, QueueGot)):
            words = "put on" if isinstance(event, QueuePut) else "get from"
            yield _categorised(_instant(f"{words} {event.queue}", tid, t, {**args, "queue": _clean(event.queue)}),
                               "queue")
        elif isinstance(event, ProcessCall):
            yield _categorised(_call_instant(event, tid, t, args), "call")
        elif isinstance(event, OutputLine) and outputs[event.worker] < OUTPUT_INSTANTS_PER_WORKER:
            outputs[event.worker] += 1
            instant = _instant(f"{event.stream}: {event.text[:OUTPUT_NAME_LENGTH]}", tid, t,
                               {**args, "stream": event.stream, "text": _clean(event.text)})
            instant["cat"] = "output"
            yield instant


def _categorised(instant: dict, category: str) -> dict:
    instant["cat"] = category
    return instant


def _call_instant(event: ProcessCall, tid: int, t: int, args: dict) -> dict:
    target = event.target or (f"pid {event.target_pid}" if event.target_pid is not None else "?")
    name = f"{target}.{event.call}()"
    if event.seconds is not None:
        name += f" took {event.seconds:.3f} s"
    return _instant(name, tid, t, {**args, "call": event.call, "target": _clean(event.target),
                                   "target_pid": event.target_pid, "seconds": event.seconds})


def _flows(record: RunRecord, events: list, tids: dict[str, int]) -> Iterator[dict]:
    """A flow from each Pipe send to its receive.

    Processes report on their own connections, so a receive may arrive before
    its send: the ends are paired by ``(channel, seq)``, in the order sent."""
    ends: dict[tuple, tuple[list, list]] = {}
    for event in events:
        if isinstance(event, (PipeSent, PipeReceived)):
            sends, receives = ends.setdefault((event.channel, event.seq), ([], []))
            end = (tids[event.worker], _us(record.seconds(event.t_ns)))
            (sends if isinstance(event, PipeSent) else receives).append(end)
    flow_id = 0
    for sends, receives in ends.values():
        for pair in zip(sends, receives):
            flow_id += 1
            for (tid, t), phase in zip(pair, "sf"):
                flow = {"ph": phase, "name": PIPE_FLOW, "cat": PIPE_FLOW, "pid": TRACE_PID, "tid": tid, "ts": t,
                        "id": flow_id}
                if phase == "f":
                    flow["bp"] = "e"  # bound to what lies at its time (the receive), not the next slice
                yield flow


def _counters(record: RunRecord, events: list, tids: dict[str, int]) -> Iterator[dict]:
    for event in events:
        if not isinstance(event, ResourceSample):
            continue
        tid, t = tids[event.worker], _us(record.seconds(event.t_ns))
        if math.isfinite(event.cpu_percent):
            yield {"ph": "C", "name": _clean(f"cpu {event.worker}"), "pid": TRACE_PID, "tid": tid,
                   "ts": t, "args": {"%": event.cpu_percent}}
        yield {"ph": "C", "name": _clean(f"memory {event.worker}"), "pid": TRACE_PID, "tid": tid,
               "ts": t, "args": {"MB": round(event.rss_bytes / 1e6, 3)}}
