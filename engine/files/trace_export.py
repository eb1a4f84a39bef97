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

The trace events themselves, one thread track per worker with its spans,
instants, flows and counters, are made by ``engine.files.trace_events``
(its docstring gives their layout).

``displayTimeUnit`` is for chrome://tracing; Perfetto ignores it.

``proclab`` is a contract: ``events`` holds every event of the run in
arrival order, exactly as ``event_log.event_to_json`` gives it, so ProcLab
can read the run back from a trace. Trace viewers ignore the key.
"""
from __future__ import annotations

import json
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator

from engine.model.run_record import RunRecord

from .atomic_write import write_chunks_atomically
from .event_log import event_to_json
from .trace_events import SURROGATE, trace_parts

SCHEMA = "proclab.trace/1"
#: Text of about this many characters is encoded to bytes at a time when writing.
_WRITE_PIECE = 1 << 20


def record_to_trace(record: RunRecord, title: str = "ProcLab run") -> dict:
    """The run as a Trace Event Format object (see the module docstring)."""
    with record.lock:
        metadata, timed, events = trace_parts(record, title)
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


def _order(event: dict) -> tuple:
    """Earlier first; at one time spans before instants, longer spans (parents) first."""
    return event["ts"], event["ph"] != "X", -event.get("dur", 0)


#: Strict JSON (no NaN) with characters written as themselves, not ASCII-escaped:
#: Perfetto shows a surrogate pair escape (``\\ud83d\\ude80``) literally instead of
#: the character it stands for.
_encode = json.JSONEncoder(allow_nan=False, separators=(",", ":"), ensure_ascii=False).encode


def _line(value) -> str:
    return SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", _encode(value))


def _trace_text(record: RunRecord, title: str) -> Iterator[str]:
    """The trace's text in pieces: one array element a line, in record_to_trace's order."""
    with record.lock:
        metadata, timed, events = trace_parts(record, title)
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
