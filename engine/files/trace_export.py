"""A run as a Chrome Trace Event file, for ui.perfetto.dev or chrome://tracing.

The file is the JSON object form of the Trace Event Format, written with
one array element per line so that a reader can stream it (ProcLab reads
its own traces back element by element, ``engine.files.replay``)::

    {"traceEvents":[
    {...one trace event...},
    ...
    ],
    "displayTimeUnit":"ms",
    "proclab":{"schema":"proclab.trace/1","title":"...","events":[
    {...one event_to_json object...},
    ...
    ]}}

Line breaks between values are plain JSON white space: any JSON reader
takes the file as it takes the same object on one line.

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
- Counters (``ph`` "C") "cpu <worker>" (series "%") and "memory <worker>"
  (series "MB") from resource samples. Perfetto names a counter track
  "<name> <series>", so these read "cpu worker1 %" and "memory worker1 MB".

``displayTimeUnit`` is for chrome://tracing; Perfetto ignores it.

Times are whole microseconds since the record's ``t0_ns`` (never negative).
Whole numbers keep nesting exact: Perfetto turns ``ts`` and ``dur`` into
nanoseconds separately, and fractional microseconds could round a child's
end past its parent's.

``proclab`` is a contract: ``events`` holds every event of the run in
arrival order, exactly as ``event_log.event_to_json`` gives it, so ProcLab
can read the run back from a trace. Trace viewers ignore the key.
"""
from __future__ import annotations

import json
import math
import re
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator

from engine.model.events import (
    JoinReturned,
    LockAbandoned,
    LockRecovered,
    MessageSent,
    OutputLine,
    ResourceSample,
    RoundTrip,
    WorkerExited,
    WorkerLaunched,
)
from engine.model.exit_codes import describe_exitcode
from engine.model.run_record import RunRecord, WorkerRun

from .atomic_write import write_chunks_atomically
from .event_log import event_to_json

SCHEMA = "proclab.trace/1"
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

#: A lone surrogate (a worker may print one) cannot be UTF-8. In ``proclab.events``
#: it is escaped and reads back the same; what viewers show gets U+FFFD instead.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Text of about this many characters is encoded to bytes at a time when writing.
_WRITE_PIECE = 1 << 20


def record_to_trace(record: RunRecord, title: str = "ProcLab run") -> dict:
    """The run as a Trace Event Format object (see the module docstring)."""
    with record.lock:
        metadata, timed, events = _parts(record, title)
        timed = sorted(timed, key=_order)
        logged = [event_to_json(e, record.t0_ns) for e in events]
    return {
        "traceEvents": metadata + timed,
        "displayTimeUnit": "ms",
        "proclab": {"schema": SCHEMA, "title": title, "events": logged},
    }


def trace_to_json(record: RunRecord, title: str = "ProcLab run") -> str:
    """The trace as JSON text, one array element per line (see the module docstring)."""
    return "".join(_trace_text(record, title))


def write_trace(path: Path, record: RunRecord, title: str = "ProcLab run") -> None:
    write_chunks_atomically(Path(path), _trace_chunks(record, title))


def _trace_chunks(record: RunRecord, title: str):
    """The trace as UTF-8, a piece at a time: the text of a long run is never whole."""
    pieces, size = [], 0
    for text in _trace_text(record, title):
        pieces.append(text)
        size += len(text)
        if size >= _WRITE_PIECE:
            yield "".join(pieces).encode("utf-8")
            pieces, size = [], 0
    yield "".join(pieces).encode("utf-8")


def _parts(record: RunRecord, title: str) -> tuple[list[dict], Iterator[dict], list]:
    """Metadata events, the timed events (unsorted, made as they are read), the record's events."""
    events = list(record.events)
    workers = list(record.workers.values())
    last_us = _last_us(record, events)
    tids = {run.name: tid for tid, run in enumerate(workers, start=FIRST_TID)}
    spans = chain.from_iterable(_spans(run, tids[run.name], last_us) for run in workers)
    timed = chain(spans, _instants(record, events, tids), _counters(record, events, tids))
    return _metadata(title, workers), timed, events


def _order(event: dict) -> tuple:
    """Earlier first; at one time spans before instants, longer spans (parents) first."""
    return event["ts"], event["ph"] != "X", -event.get("dur", 0)


#: Strict JSON (no NaN) with characters written as themselves, not ASCII-escaped:
#: Perfetto shows a surrogate pair escape (``\\ud83d\\ude80``) literally instead of
#: the character it stands for.
_encode = json.JSONEncoder(allow_nan=False, separators=(",", ":"), ensure_ascii=False).encode


def _line(value) -> str:
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", _encode(value))


def _trace_text(record: RunRecord, title: str) -> Iterator[str]:
    """The trace's text in pieces: one array element a line, in record_to_trace's order."""
    with record.lock:
        metadata, timed, events = _parts(record, title)
        # Each timed event is encoded once and only its sort key is kept beside the text.
        keyed = sorted(((_order(e), n, _line(e)) for n, e in enumerate(timed)))
        t0_ns = record.t0_ns
        yield '{"traceEvents":['
        yield from _elements(chain((_line(e) for e in metadata), (line for _, _, line in keyed)))
        del keyed
        yield '],\n"displayTimeUnit":"ms",\n"proclab":{"schema":' + _line(SCHEMA) + ',"title":' + _line(title)
        yield ',"events":['
        yield from _elements(_line(event_to_json(e, t0_ns)) for e in events)
        yield "]}}\n"


def _elements(lines: Iterable[str]) -> Iterator[str]:
    """Array elements, each on its own line: ``\\n{...},\\n{...}\\n``."""
    separator = "\n"
    for line in lines:
        yield separator
        yield line
        separator = ",\n"
    if separator != "\n":
        yield "\n"


# -- pieces ------------------------------------------------------------------

def _us(seconds: float) -> int:
    """Seconds since t0 as whole microseconds, never negative."""
    return max(0, round(seconds * 1e6))


def _clean(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


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
                       "args": {"name": _clean(run.name)}})
        events.append({"ph": "M", "name": "thread_sort_index", "pid": TRACE_PID, "tid": tid,
                       "args": {"sort_index": tid}})
    return events


def _complete(name: str, tid: int, start: int, end: int, args: dict) -> dict:
    return {"ph": "X", "name": name, "cat": "proclab", "pid": TRACE_PID, "tid": tid,
            "ts": start, "dur": end - start, "args": args}


def _spans(run: WorkerRun, tid: int, last_us: int) -> list[dict]:
    """The run span and the lock spans nested in it, none partly overlapping another."""
    spans = []
    bounds = None
    if run.start_s is not None:
        start = _us(run.start_s)
        end = max(start, _us(run.bar_end_s) if run.bar_end_s is not None else last_us)
        bounds = (start, end)
        args = {"pid": run.pid, "state": run.state.value, "open": run.bar_end_s is None}
        if run.exitcode is not None:
            args["exitcode"] = run.exitcode
            args["exit"] = run.describe_exit()
        spans.append(_complete(RUN_SPAN, tid, start, end, args))
    children = [(WAIT_SPAN, s) for s in run.lock_waits] + [(HOLD_SPAN, s) for s in run.lock_holds]
    children.sort(key=lambda item: item[1][0])
    floor = bounds[0] if bounds else 0
    ceiling = bounds[1] if bounds else last_us
    for name, (start_s, end_s) in children:
        start = min(max(_us(start_s), floor), ceiling)
        end = min(max(_us(end_s) if end_s is not None else ceiling, start), ceiling)
        spans.append(_complete(name, tid, start, end, {"pid": run.pid, "open": end_s is None}))
        floor = end  # the next lock span begins after this one
    return spans


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
        elif isinstance(event, WorkerExited):
            words = describe_exitcode(event.exitcode, record.workers[event.worker].raised)
            yield _instant(f"exit {words}" if words else "exit", tid, t,
                           {**args, "exitcode": event.exitcode, "exit": words})
        elif isinstance(event, OutputLine) and outputs[event.worker] < OUTPUT_INSTANTS_PER_WORKER:
            outputs[event.worker] += 1
            instant = _instant(f"{event.stream}: {event.text[:OUTPUT_NAME_LENGTH]}", tid, t,
                               {**args, "stream": event.stream, "text": _clean(event.text)})
            instant["cat"] = "output"
            yield instant


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
