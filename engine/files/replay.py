"""Replay: a run ProcLab wrote to a file, read back into a ``RunRecord``.

Two kinds of file hold a run, and the content, not the name, says which:

* **trace**: one JSON object with a ``"proclab"`` member (Perfetto/Chrome
  trace, ``engine.files.trace_export``)::

      {"traceEvents": [...],                      (for Perfetto; not read here)
       "displayTimeUnit": "ms",
       "proclab": {"schema": "proclab.trace/1", "title": "...",
                   "events": [event_to_json objects, in arrival order]}}

* **events**: JSON Lines, one ``event_to_json`` object per line
  (``engine.files.event_log``).

The trace is written one array element per line (``engine.files.trace_export``),
but any layout is read: traces written on one line before still open.

Neither file is read whole: the text is read a chunk at a time
(``engine.files.text_chunks``) and each event goes into the record as it is
read, in batches, so memory holds the record and about one chunk. A trace
is walked value by value (``engine.files.json_stream``): the ``traceEvents``
are checked as JSON and dropped, the ``proclab`` events kept.

Detection, from the content:

1. The text (after blanks) must begin with ``{``: both kinds do. Anything
   else (CSV, plain text, a JSON list) is refused.
2. If its first line begins like an event (``{"kind":``, as
   ``event_to_json`` writes it), it is JSON Lines.
3. Otherwise it is read as one JSON object: with ``"proclab"`` it is a
   trace; an experiment file (it has ``schema_version`` and ``workers``)
   or a foreign trace (``traceEvents`` only) is refused, saying so; on one
   line, or followed by more text, it is read as JSON Lines (whose first
   line then says what is wrong); other JSON is refused. JSON that stops
   or breaks before the object ends is a trace cut short or damaged.

Times come from the file, in seconds since the run's start, so the record's
``t0_ns`` is 0. Rows appear in the order their workers first appear.
A replay never half succeeds: ``load_run`` returns the whole record or
raises ``ReplayError``, whose message names the file and what is wrong
(for a value: the line or event index, and the field).

``load_run(path, progress=None, cancel=None)``: ``progress(bytes_read,
total_bytes)`` is called after each chunk (on the caller's thread), and
setting the ``threading.Event`` ``cancel`` stops the reading at the next
chunk with ``ReplayCancelled``. A window loads on a worker thread with both.
"""
from __future__ import annotations

import json
import re
import stat
import threading
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator

from engine.model.run_record import RunRecord
from engine.model.spec import json_type_name

from .event_log import MAX_LINE_CHARS, event_from_json, iter_events_jsonl, object_pairs_hook
from .json_stream import JsonStream, JsonSyntaxError
from .text_chunks import TextChunks, too_large

TRACE_SCHEMA = "proclab.trace/1"
#: Refused unread above this size: a sane cap against a hostile file, far above
#: what ProcLab writes (a 200 workers x 10,000 messages run: a 469 MB trace).
MAX_FILE_BYTES = 8 * 2**30
#: Events go into the record this many at a time.
BATCH = 10_000
_TRACE_KEYS = {"schema", "title", "events"}
#: How a ProcLab event line begins (``event_to_json`` writes ``kind`` first).
_EVENT_LINE = re.compile(r'\s*\{\s*"kind"\s*:')
_NEWER_SCHEMA = re.compile(r"proclab\.trace/([1-9][0-9]{0,8})")
#: Characters read before deciding what a file is.
_HEAD_CHARS = 256
#: Decodes the proclab events (noting repeated keys); the trace events are only checked.
_EVENT_DECODER = json.JSONDecoder(object_pairs_hook=object_pairs_hook)
_PLAIN_DECODER = json.JSONDecoder()

Progress = Callable[[int, int], None]


class ReplayError(ValueError):
    """A file ProcLab cannot replay; the message names the file and what is wrong."""

    def __init__(self, path: Path, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class ReplayCancelled(Exception):
    """``load_run``'s ``cancel`` was set: it stopped reading; nothing was loaded."""


@dataclass(frozen=True)
class Replay:
    """A run read from a file, to be shown read-only."""

    path: Path
    title: str  #: the file's name, for the window title
    kind: str  #: "events" (JSON Lines) or "trace"
    record: RunRecord


def load_run(path: Path, progress: Progress | None = None, cancel: threading.Event | None = None) -> Replay:
    """Read a trace or events file ProcLab wrote; ``ReplayError`` if it is not one.

    ``progress(bytes_read, total_bytes)`` after each chunk read; ``cancel``
    set: ``ReplayCancelled`` at the next chunk.
    """
    path = Path(path)
    total = _regular_file_size(path)
    try:
        kind, record = _read(path, total, progress, cancel, jsonl=False)
        if kind is None:  # one JSON object that is no trace: its lines say what they are
            kind, record = _read(path, total, progress, cancel, jsonl=True)
    except OSError as error:
        raise ReplayError(path, f"cannot be read ({error.strerror or error})") from None
    except ValueError as error:
        raise ReplayError(path, str(error)) from None
    if not record.events:
        raise ReplayError(path, "holds no events: there is no run to show")
    return Replay(path, path.name, kind, record)


def _regular_file_size(path: Path) -> int:
    try:
        info = path.stat()
    except OSError as error:
        raise ReplayError(path, f"cannot be read ({error.strerror or error})") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReplayError(path, "is a folder, not a run file")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO would block and /dev/zero would never end.
        raise ReplayError(path, "is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ReplayError(path, too_large(MAX_FILE_BYTES))
    return info.st_size


def _read(path: Path, total: int, progress, cancel, jsonl: bool) -> tuple[str | None, RunRecord]:
    """("events" or "trace", the record), or (None, _) for JSON to read again as JSON Lines."""

    def on_chunk(bytes_read: int) -> None:
        if cancel is not None and cancel.is_set():
            raise ReplayCancelled(f"{path}: cancelled")
        if progress is not None:
            progress(bytes_read, max(total, bytes_read))

    builder = _RecordBuilder()
    with path.open("rb") as stream:
        pieces = iter(TextChunks(stream, MAX_FILE_BYTES, on_chunk))
        head = _head(pieces)
        text = head.lstrip()
        if not text:
            raise ValueError("is empty: there is no run in it")
        if not text.startswith("{"):  # CSV, plain text, a JSON list...
            raise ValueError("is not a trace or events file ProcLab wrote: those begin with {")
        pieces = chain([head], pieces)
        if jsonl or _EVENT_LINE.match(text.partition("\n")[0]):
            builder.add_all(iter_events_jsonl(pieces, max_line=MAX_LINE_CHARS))
            return "events", builder.finish()
        kind = _read_object(JsonStream(pieces, MAX_LINE_CHARS), builder)
    return kind, builder.finish()


def _head(pieces: Iterator[str]) -> str:
    """The first pieces, until they hold enough text (past blanks) to tell the kind of file."""
    head = ""
    while len(head.lstrip()) < _HEAD_CHARS:
        piece = next(pieces, None)
        if piece is None:
            break
        head += piece
    return head


class _RecordBuilder:
    """Events into a record a batch at a time: never a list of every event beside it."""

    def __init__(self):
        self.record = RunRecord(0)
        self._batch = []

    def add(self, event) -> None:
        self._batch.append(event)
        if len(self._batch) >= BATCH:
            self.record.apply(self._batch)
            self._batch = []

    def add_all(self, events) -> None:
        for event in events:
            self.add(event)

    def finish(self) -> RunRecord:
        self.record.apply(self._batch)
        self._batch = []
        return self.record


# -- one JSON object: a trace, or what it is instead ------------------------------------

def _read_object(stream: JsonStream, builder: _RecordBuilder) -> str | None:
    """Reads the object; "trace", or None for JSON Lines; ValueError for anything else."""
    try:
        first_line = stream.line()
        keys = _object_keys(stream, builder)
        last_line = stream.line()
        more = stream.peek() != ""
    except JsonSyntaxError as error:
        raise ValueError(f"not complete JSON: the file looks truncated or damaged ({error})") from None
    if more:  # a first line, then more: JSON Lines, whatever its first line is
        return None
    if "proclab" in keys:
        return "trace"
    if "schema_version" in keys and "workers" in keys:
        raise ValueError("is an experiment file, not a recorded run: use File → Open experiment… to open it")
    if "traceEvents" in keys:
        raise ValueError("a trace ProcLab did not write: it has no proclab events")
    if first_line == last_line:  # JSON Lines with a single line
        return None
    raise ValueError("is JSON, but not a run ProcLab wrote: it has no proclab events")


def _object_keys(stream: JsonStream, builder: _RecordBuilder) -> set:
    """The keys of the object that comes next, reading its proclab events into ``builder``."""
    keys = set()
    repeated = []
    for key in _members(stream):
        if key in keys:
            if key == "proclab":  # its events are in the record already
                raise ValueError("proclab: appears more than once")
            repeated.append(key)
        keys.add(key)
        if key == "proclab":
            _read_proclab(stream, builder)
        elif key == "traceEvents" and stream.peek() == "[":
            for _ in stream.items(_PLAIN_DECODER):  # for viewers: checked as JSON, not kept
                pass
        else:
            stream.value(_PLAIN_DECODER)
    if "proclab" in keys:
        for key in repeated:
            raise ValueError(f"{key}: appears more than once")
    return keys


def _members(stream: JsonStream) -> Iterator[str]:
    """The keys of an object, one at a time; the caller reads each key's value."""
    stream.take("{", "Expecting value")
    if stream.peek() == "}":
        stream.take("}", "")
        return
    while True:
        if stream.peek() != '"':
            raise stream.error("Expecting property name enclosed in double quotes")
        key = stream.value(_PLAIN_DECODER)
        stream.take(":", "Expecting ':' delimiter")
        yield key
        following = stream.peek()
        if following == "}":
            stream.take("}", "")
            return
        stream.take(",", "Expecting ',' delimiter")


def _read_proclab(stream: JsonStream, builder: _RecordBuilder) -> None:
    if stream.peek() != "{":
        stream.value(_PLAIN_DECODER)
        raise ValueError("proclab: must be an object with schema and events")
    seen = set()
    for key in _members(stream):
        if key in seen:
            raise ValueError(f"proclab.{key}: appears more than once")
        seen.add(key)
        if key not in _TRACE_KEYS:
            raise ValueError(f"proclab.{key}: unknown key")
        if key == "events":
            if stream.peek() != "[":
                raise ValueError("proclab.events: must be a list of events")
            for index, item in enumerate(stream.items(_EVENT_DECODER)):
                try:
                    builder.add(event_from_json(item))
                except ValueError as error:
                    raise ValueError(f"proclab.events[{index}]: {error}") from None
        elif key == "schema":
            _check_schema(stream.value(_PLAIN_DECODER))
        elif not isinstance(stream.value(_PLAIN_DECODER), str):
            raise ValueError("proclab.title: must be text")
    if "schema" not in seen:
        raise ValueError("proclab.schema: is missing")
    if "events" not in seen:
        raise ValueError("proclab.events: is missing")


def _check_schema(schema) -> None:
    if schema == TRACE_SCHEMA:
        return
    newer = _NEWER_SCHEMA.fullmatch(schema) if isinstance(schema, str) else None
    if newer and int(newer.group(1)) > 1:
        raise ValueError(
            f"proclab.schema: is {schema}, newer than this ProcLab understands ({TRACE_SCHEMA}); update ProcLab"
        )
    shown = repr(schema) if isinstance(schema, str) else json_type_name(schema)
    raise ValueError(f"proclab.schema: must be {TRACE_SCHEMA!r}, not {shown}")
