"""Replay: a run ProcLab wrote to a file, read back into a ``RunRecord``.

Two kinds of file hold a run, and the content, not the name, says which:

* **trace**: one JSON object with a ``"proclab"`` member (Perfetto/Chrome
  trace, ``engine.trace_export``)::

      {"traceEvents": [...],                      (for Perfetto; not read here)
       "displayTimeUnit": "ms",
       "proclab": {"schema": "proclab.trace/1", "title": "...",
                   "events": [event_to_json objects, in arrival order]}}

* **events**: JSON Lines, one ``event_to_json`` object per line
  (``engine.event_log``).

Detection, from the content:

1. The text (after blanks) begins with ``{`` and the whole of it is one JSON
   object: with ``"proclab"`` it is a trace; an experiment file (it has
   ``schema_version`` and ``workers``) or a foreign trace (``traceEvents``
   only) is refused, saying so; on one line it is JSON Lines of one event;
   other JSON is refused.
2. It begins with ``{`` but is not one complete JSON object: JSON Lines if
   its first line is an event (or begins like one: ``{"kind":``), else a
   trace cut short or damaged, refused.
3. Anything else (CSV, plain text, a JSON list) is refused: both kinds
   begin with ``{``.

Times come from the file, in seconds since the run's start, so the record's
``t0_ns`` is 0. Rows appear in the order their workers first appear.
A replay never half succeeds: ``load_run`` returns the whole record or
raises ``ReplayError``, whose message names the file and what is wrong.
"""
from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .event_log import event_from_json, json_error_text, object_pairs_hook, read_events_jsonl, repeated_keys
from .run_record import RunRecord
from .spec import json_type_name

TRACE_SCHEMA = "proclab.trace/1"
#: Refused unread above this size: a long run's events fit many times over.
MAX_FILE_BYTES = 200_000_000
_TRACE_KEYS = {"schema", "title", "events"}
#: How a ProcLab event line begins (``event_to_json`` writes ``kind`` first).
_EVENT_LINE = re.compile(r'\s*\{\s*"kind"\s*:')
_NEWER_SCHEMA = re.compile(r"proclab\.trace/([1-9][0-9]{0,8})")


class ReplayError(ValueError):
    """A file ProcLab cannot replay; the message names the file and what is wrong."""

    def __init__(self, path: Path, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(frozen=True)
class Replay:
    """A run read from a file, to be shown read-only."""

    path: Path
    title: str  #: the file's name, for the window title
    kind: str  #: "events" (JSON Lines) or "trace"
    record: RunRecord


def load_run(path: Path) -> Replay:
    """Read a trace or events file ProcLab wrote; ``ReplayError`` if it is not one."""
    path = Path(path)
    text = _read_text(path)
    if not text.strip():
        raise ReplayError(path, "is empty: there is no run in it")
    try:
        kind, events = _parse(text)
    except ValueError as error:
        raise ReplayError(path, str(error)) from None
    if not events:
        raise ReplayError(path, "holds no events: there is no run to show")
    record = RunRecord(0)
    record.apply(events)
    return Replay(path, path.name, kind, record)


def _read_text(path: Path) -> str:
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ReplayError(path, "is a folder, not a run file")
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block and /dev/zero would never end.
            raise ReplayError(path, "is not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise ReplayError(path, _too_large())
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)  # bounded: it may have grown since stat()
    except OSError as error:
        raise ReplayError(path, f"cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ReplayError(path, _too_large())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            raise ReplayError(path, "ends in the middle of a character: the file looks truncated") from None
        raise ReplayError(path, "is not UTF-8 text, so not a run ProcLab wrote") from None
    return text.removeprefix("\ufeff")  # an editor may have added a byte order mark


def _too_large() -> str:
    return f"is larger than {MAX_FILE_BYTES:,} bytes, the most ProcLab replays"


def _parse(text: str) -> tuple[str, list]:
    """("trace" or "events", the events), or ValueError saying what is wrong."""
    stripped = text.lstrip()
    if not stripped.startswith("{"):  # CSV, plain text, a JSON list...
        raise ValueError("is not a trace or events file ProcLab wrote: those begin with {")
    try:
        data = json.loads(text, object_pairs_hook=object_pairs_hook)
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None
    except ValueError as error:
        if _first_line_is_event(stripped):
            return "events", read_events_jsonl(text)
        if isinstance(error, json.JSONDecodeError):
            where = f" (line {error.lineno} column {error.colno}: {json_error_text(error)})"
        else:  # e.g. an integer of more digits than Python converts
            where = f" ({error})"
        raise ValueError(f"not complete JSON: the file looks truncated or damaged{where}") from None
    if "proclab" in data:
        return "trace", _trace_events(data)
    if "schema_version" in data and "workers" in data:
        raise ValueError("is an experiment file, not a recorded run: use File → Open experiment… to open it")
    if "traceEvents" in data:
        raise ValueError("a trace ProcLab did not write: it has no proclab events")
    if "\n" not in text.strip():  # JSON Lines with a single line
        return "events", read_events_jsonl(text)
    raise ValueError("is JSON, but not a run ProcLab wrote: it has no proclab events")


def _first_line_is_event(text: str) -> bool:
    first, _, rest = text.partition("\n")
    if _EVENT_LINE.match(first):
        return True
    if not rest.strip():  # one line: the whole text, which did not parse
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _trace_events(data: dict) -> list:
    for key in repeated_keys(data):
        raise ValueError(f"{key}: appears more than once")
    part = data["proclab"]
    if not isinstance(part, dict):
        raise ValueError("proclab: must be an object with schema and events")
    for key in repeated_keys(part):
        raise ValueError(f"proclab.{key}: appears more than once")
    if "schema" not in part:
        raise ValueError("proclab.schema: is missing")
    schema = part["schema"]
    if schema != TRACE_SCHEMA:
        newer = _NEWER_SCHEMA.fullmatch(schema) if isinstance(schema, str) else None
        if newer and int(newer.group(1)) > 1:
            raise ValueError(
                f"proclab.schema: is {schema}, newer than this ProcLab understands ({TRACE_SCHEMA}); update ProcLab"
            )
        shown = repr(schema) if isinstance(schema, str) else json_type_name(schema)
        raise ValueError(f"proclab.schema: must be {TRACE_SCHEMA!r}, not {shown}")
    for key in sorted(set(part) - _TRACE_KEYS):
        raise ValueError(f"proclab.{key}: unknown key")
    if "title" in part and not isinstance(part["title"], str):
        raise ValueError("proclab.title: must be text")
    if "events" not in part:
        raise ValueError("proclab.events: is missing")
    items = part["events"]
    if not isinstance(items, list):
        raise ValueError("proclab.events: must be a list of events")
    events = []
    for index, item in enumerate(items):
        try:
            events.append(event_from_json(item))
        except ValueError as error:
            raise ValueError(f"proclab.events[{index}]: {error}") from None
    return events
